-- Checkpoints are append-only too (see V6).
create trigger audit_checkpoint_append_only before update, delete on audit_checkpoint
for each row call 'ai.tombot.audit.internal.AppendOnlyTrigger';
