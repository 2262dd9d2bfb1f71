-- Archived entries, and only they, may be deleted (see the shared migration before this one).
-- The trigger of audit_entry lets a DELETE through when the entry is older than 90 days (the
-- latest three months stay, PCI DSS 10.5.1) and an audit_archive row covers it; it refuses
-- every other DELETE and every UPDATE. The role that runs the migrations gets DELETE on
-- audit_entry back for that (UPDATE and TRUNCATE stay revoked). Whoever can insert an
-- audit_archive row could then delete older entries under it, but not sign the row:
-- verification reports the entries of an archive row not signed by the store's key as deleted.
create function audit_entry_prune_archived() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and old.at < now() - interval '90 days' and exists (
        select 1 from audit_archive a
        where a.chain = old.chain and old.seq between a.from_seq and a.to_seq) then
        return old;
    end if;
    raise exception 'audit entries are append-only; only archived entries older than 90 days are deleted (% refused)',
        tg_op using errcode = '42501';
end;
$$;

-- audit_archive is the schema's own, never a temporary table of the same name
do $$
begin
    execute format('alter function audit_entry_prune_archived() set search_path = pg_catalog, %I, pg_temp',
        current_schema());
end;
$$;

drop trigger audit_entry_append_only on audit_entry;
create trigger audit_entry_append_only before update or delete on audit_entry
for each row execute function audit_entry_prune_archived();

do $$
begin
    execute format('grant delete on audit_entry to %I', current_user);
end;
$$;

-- Archive records are append-only.
create trigger audit_archive_append_only before update or delete on audit_archive
for each row execute function audit_append_only();

create trigger audit_archive_no_truncate before truncate on audit_archive
for each statement execute function audit_append_only();

revoke update, delete, truncate on audit_archive from public;
do $$
begin
    execute format('revoke update, delete, truncate on audit_archive from %I', current_user);
end;
$$;
