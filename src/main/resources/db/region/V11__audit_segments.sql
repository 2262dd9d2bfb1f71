-- Sealed segments of the audit chains (see ai.tombot.audit.internal.Segments): every
-- tombot.audit.seal-every entries, the writer packs the entries since the chain's last
-- segment into one row here, as the bytes their hashes cover, and deletes their audit_entry
-- rows, in the entry's transaction. Verification then reads one row for a thousand entries.
-- min_at and max_at: the earliest and latest time of its entries (a clock may go back).
-- Append-only like audit_entry: the vendor migration that follows adds the guards.
create table audit_segment (
    chain    varchar(40) not null,
    from_seq bigint      not null check (from_seq >= 1),
    to_seq   bigint      not null,
    min_at   timestamp with time zone not null,
    max_at   timestamp with time zone not null,
    entries  bytea       not null,
    primary key (chain, to_seq),
    unique (chain, from_seq),
    check (to_seq >= from_seq)
);
-- Which segments hold an entry, or entries of a time, read from the index alone: a segment's
-- row is large
create index audit_segment_range on audit_segment (chain, to_seq, from_seq, min_at, max_at);
