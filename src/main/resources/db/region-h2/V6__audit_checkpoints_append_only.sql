-- Checkpoints are append-only too (see V4).
create trigger audit_checkpoint_append_only before update, delete on audit_checkpoint
for each row call 'ai.tombot.audit.internal.AppendOnlyTrigger';

-- H2 runs TRUNCATE without firing triggers, but refuses to truncate a table that another
-- references: this keeps TRUNCATE off audit_entry. (Not on PostgreSQL, where the reference's
-- checks would need the UPDATE privilege on audit_entry that the application gives up.)
alter table audit_checkpoint add constraint audit_checkpoint_entry
foreign key (chain, seq) references audit_entry (chain, seq);

-- The audit-signing key is replaced only by a re-wrap (an UPDATE), never removed.
create trigger audit_signing_key_kept before delete on audit_signing_key
for each row call 'ai.tombot.audit.internal.AppendOnlyTrigger';
