-- Archived entries, and only they, may be deleted (see the shared migration before this one):
-- the trigger of audit_entry (ai.tombot.audit.internal.AppendOnlyTrigger) lets a DELETE
-- through when the entry is older than 90 days (the latest three months stay, PCI DSS
-- 10.5.1) and an audit_archive row covers it; every UPDATE and other DELETE stays refused.

-- Checkpoints outlive the entries they name (an archived range's checkpoints stay, so the cut
-- stays signed), so they no longer reference audit_entry. An empty table does instead: H2
-- refuses to TRUNCATE a referenced table, which keeps TRUNCATE off audit_entry.
alter table audit_checkpoint drop constraint audit_checkpoint_entry;
create table audit_entry_truncate_guard (
    chain varchar(40) not null,
    seq   bigint      not null,
    foreign key (chain, seq) references audit_entry (chain, seq)
);
create trigger audit_entry_truncate_guard_empty before insert on audit_entry_truncate_guard
for each row call 'ai.tombot.audit.internal.AppendOnlyTrigger';

-- Archive records are append-only, and an empty table that references them keeps TRUNCATE off.
create trigger audit_archive_append_only before update, delete on audit_archive
for each row call 'ai.tombot.audit.internal.AppendOnlyTrigger';
create table audit_archive_truncate_guard (
    chain  varchar(40) not null,
    to_seq bigint      not null,
    foreign key (chain, to_seq) references audit_archive (chain, to_seq)
);
create trigger audit_archive_truncate_guard_empty before insert on audit_archive_truncate_guard
for each row call 'ai.tombot.audit.internal.AppendOnlyTrigger';
