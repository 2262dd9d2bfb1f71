-- A tenant's data policies. The redaction policy is what happens to each kind of personal
-- data found in a message: TYPE=ACTION pairs separated by commas (e.g.
-- 'EMAIL=TOKENIZE,IP_ADDRESS=KEEP'); types it does not name take the defaults, and null is all
-- defaults. phone_region is the country of phone numbers written without a country code.
-- retention_days: how long messages are kept; 0 keeps them forever.
alter table tenant add column redaction_policy varchar(400);
alter table tenant add column phone_region varchar(2) not null default 'US';
alter table tenant add column retention_days integer not null default 365;
alter table tenant add constraint tenant_retention_days check (retention_days >= 0);

-- A read of customer data names every data subject it showed: a page of conversations names
-- up to a hundred pseudonyms.
alter table audit_entry alter column subject set data type varchar(4000);
