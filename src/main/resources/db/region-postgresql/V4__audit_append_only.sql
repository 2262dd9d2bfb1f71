-- Audit entries are append-only. A trigger refuses UPDATE, DELETE and TRUNCATE of them, and
-- the role that runs the migrations (normally the application's) gives up those privileges
-- on the table. A table owner or superuser can still take them back, or disable the trigger;
-- verification finds any change made that way (see README, "Audit trail").
create function audit_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit entries are append-only (% refused)', tg_op using errcode = '42501';
end;
$$;

create trigger audit_entry_append_only before update or delete on audit_entry
for each row execute function audit_append_only();

create trigger audit_entry_no_truncate before truncate on audit_entry
for each statement execute function audit_append_only();

revoke update, delete, truncate on audit_entry from public;
do $$
begin
    execute format('revoke update, delete, truncate on audit_entry from %I', current_user);
end;
$$;

-- A chain's head moves forward but is never removed.
create trigger audit_head_kept before delete on audit_head
for each row execute function audit_append_only();

create trigger audit_head_no_truncate before truncate on audit_head
for each statement execute function audit_append_only();

revoke delete, truncate on audit_head from public;
do $$
begin
    execute format('revoke delete, truncate on audit_head from %I', current_user);
end;
$$;
