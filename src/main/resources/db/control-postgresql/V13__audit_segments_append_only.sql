-- Entries a segment holds may be deleted: their writer seals them (see the shared migration
-- before this one). The trigger of audit_entry now lets a DELETE through when a segment that
-- ends at a checkpoint holds the entry, or, as before, when the entry is older than 90 days
-- and an archive covers it; every UPDATE and other DELETE stays refused. The segment that
-- could hold an entry is the first to end at or after it: one probe of the index, whatever
-- the chain's length. The checkpoint at its end keeps anyone from sealing, and so deleting,
-- the unsigned end of a chain: whoever inserts a segment over signed entries cannot make its
-- entries hash and chain as the signed checkpoints say, and verification names them.
create or replace function audit_entry_prune_archived() returns trigger language plpgsql as $$
declare
    holder_from bigint;
    holder_to   bigint;
begin
    if tg_op = 'DELETE' then
        if old.at < now() - interval '90 days' and exists (
            select 1 from audit_archive a
            where a.chain = old.chain and old.seq between a.from_seq and a.to_seq) then
            return old;
        end if;
        -- the range only: a segment's entries are large
        select s.from_seq, s.to_seq into holder_from, holder_to from audit_segment s
        where s.chain = old.chain and s.to_seq >= old.seq order by s.to_seq limit 1;
        if found and holder_from <= old.seq and exists (
            select 1 from audit_checkpoint c where c.chain = old.chain and c.seq = holder_to) then
            return old;
        end if;
    end if;
    raise exception 'audit entries are append-only; only sealed entries, and archived entries older than 90 days, are deleted (% refused)',
        tg_op using errcode = '42501';
end;
$$;

-- Segments are append-only, except the DELETE of one an archive covers, older than 90 days.
create function audit_segment_prune_archived() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and old.max_at < now() - interval '90 days' and exists (
        select 1 from audit_archive a
        where a.chain = old.chain and old.from_seq >= a.from_seq and old.to_seq <= a.to_seq) then
        return old;
    end if;
    raise exception 'audit segments are append-only; only archived segments older than 90 days are deleted (% refused)',
        tg_op using errcode = '42501';
end;
$$;

-- audit_segment and audit_archive are the schema's own, never temporary tables of those names
do $$
begin
    execute format('alter function audit_entry_prune_archived() set search_path = pg_catalog, %I, pg_temp',
        current_schema());
    execute format('alter function audit_segment_prune_archived() set search_path = pg_catalog, %I, pg_temp',
        current_schema());
end;
$$;

create trigger audit_segment_append_only before update or delete on audit_segment
for each row execute function audit_segment_prune_archived();

create trigger audit_segment_no_truncate before truncate on audit_segment
for each statement execute function audit_append_only();

revoke update, delete, truncate on audit_segment from public;
do $$
begin
    execute format('revoke update, truncate on audit_segment from %I', current_user);
end;
$$;
