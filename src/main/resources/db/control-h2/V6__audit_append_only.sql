-- Audit entries are append-only: H2 refuses every UPDATE and DELETE of them (the trigger is
-- ai.tombot.audit.internal.AppendOnlyTrigger). Someone with the database's own files can
-- still change them; verification finds that (see AuditVerifier).
create trigger audit_entry_append_only before update, delete on audit_entry
for each row call 'ai.tombot.audit.internal.AppendOnlyTrigger';

-- A chain's head moves forward but is never removed.
create trigger audit_head_kept before delete on audit_head
for each row call 'ai.tombot.audit.internal.AppendOnlyTrigger';
