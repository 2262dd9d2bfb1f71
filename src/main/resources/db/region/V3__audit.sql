-- A region store's audit trail: one hash chain per tenant (named by the tenant's id) of
-- everything done to its customer data. Entries are appended and never changed: the vendor
-- migration that follows makes the database refuse UPDATE and DELETE.
-- Each entry's hash covers its content and the previous entry's hash (see AuditRow).
-- No message text, password, token, key material or raw identifier (e-mail, phone) is ever
-- stored here: actors, resources and subjects are ids or pseudonyms.

-- The last entry of each chain, made with its tenant. Writers lock its row, so a chain grows
-- one entry at a time, in commit order; verification compares it with the chain's last entry.
create table audit_head (
    chain varchar(40) primary key,
    seq   bigint      not null,
    hash  varchar(64) not null
);

create table audit_entry (
    chain          varchar(40)  not null,
    seq            bigint       not null check (seq >= 1),
    at             timestamp with time zone not null,
    actor_type     varchar(16)  not null,
    actor_id       varchar(64),
    tenant_id      uuid,
    action         varchar(64)  not null,
    resource_type  varchar(40),
    resource_id    varchar(100),
    subject        varchar(100),
    outcome        varchar(8)   not null,
    reason         varchar(64),
    source_address varchar(45),
    user_agent     varchar(200),
    request_id     varchar(64),
    prev_hash      varchar(64)  not null,
    hash           varchar(64)  not null,
    primary key (chain, seq),
    foreign key (chain) references audit_head (chain)
);
create index audit_entry_hash on audit_entry (chain, hash);
create index audit_entry_at on audit_entry (chain, at);

-- the chains of the tenants made before the audit trail
insert into audit_head (chain, seq, hash)
select cast(tenant_id as varchar(40)), 0, '0000000000000000000000000000000000000000000000000000000000000000'
from tenant_home;
