-- Segments are append-only (ai.tombot.audit.internal.AppendOnlyTrigger): every UPDATE and
-- DELETE is refused, except the DELETE of a segment that an archive covers, older than 90
-- days; the same trigger now lets through the DELETE of an audit entry that a segment holds
-- (its writer seals it). An empty table that references them keeps TRUNCATE off.
create trigger audit_segment_append_only before update, delete on audit_segment
for each row call 'ai.tombot.audit.internal.AppendOnlyTrigger';
create table audit_segment_truncate_guard (
    chain  varchar(40) not null,
    to_seq bigint      not null,
    foreign key (chain, to_seq) references audit_segment (chain, to_seq)
);
create trigger audit_segment_truncate_guard_empty before insert on audit_segment_truncate_guard
for each row call 'ai.tombot.audit.internal.AppendOnlyTrigger';
