-- Checkpoints are append-only too (see V4).
create trigger audit_checkpoint_append_only before update or delete on audit_checkpoint
for each row execute function audit_append_only();

create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
for each statement execute function audit_append_only();

revoke update, delete, truncate on audit_checkpoint from public;
do $$
begin
    execute format('revoke update, delete, truncate on audit_checkpoint from %I', current_user);
end;
$$;

-- The audit-signing key is replaced only by a re-wrap (an UPDATE), never removed.
create trigger audit_signing_key_kept before delete on audit_signing_key
for each row execute function audit_append_only();

create trigger audit_signing_key_no_truncate before truncate on audit_signing_key
for each statement execute function audit_append_only();

revoke delete, truncate on audit_signing_key from public;
do $$
begin
    execute format('revoke delete, truncate on audit_signing_key from %I', current_user);
end;
$$;
