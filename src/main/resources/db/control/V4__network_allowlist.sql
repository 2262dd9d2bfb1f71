-- A tenant's network allowlist: canonical CIDR ranges separated by spaces; null when requests
-- in the tenant's scope may come from anywhere.
alter table tenant add column network_allowlist varchar(8000);
