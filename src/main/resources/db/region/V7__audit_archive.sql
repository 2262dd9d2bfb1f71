-- Audit retention: entries older than tombot.audit.archive-after are archived to an encrypted
-- file, signed with the store's audit key, and only then removed from audit_entry. Each
-- archive is recorded here, signed: the chain, the range it took (ending at a signed
-- checkpoint, so the entries that stay go on from a signed hash), its file and the file's
-- SHA-256. Verification starts each chain after its last archive (see AuditVerifier).
create table audit_archive (
    chain       varchar(40)  not null,
    from_seq    bigint       not null check (from_seq >= 1),
    to_seq      bigint       not null,
    to_hash     varchar(64)  not null,
    first_at    timestamp with time zone not null,
    last_at     timestamp with time zone not null,
    archived_at timestamp with time zone not null,
    file_name   varchar(200) not null,
    file_sha256 varchar(64)  not null,
    signature   varchar(200) not null,
    primary key (chain, to_seq),
    unique (chain, from_seq),
    check (to_seq >= from_seq)
);

-- Entries were indexed by hash, for verification to find where a misplaced entry's
-- predecessor went. Random keys make every audited write rewrite index pages all over the
-- store; verification finds them by a scan of the chain instead, and only for a broken chain.
drop index audit_entry_hash;
