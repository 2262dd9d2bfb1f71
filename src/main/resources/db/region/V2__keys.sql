-- The key hierarchy of a region: tenant key-encryption keys wrapped by the region's master key,
-- data subjects' keys wrapped by their tenant's key, and the erasure ledger. Key material is
-- only ever stored encrypted (Tink keysets, base64), never in the clear.

-- A value encrypted under the region's master key when the region's first key was made, so
-- that a node started with another master key stops instead of failing on every read.
create table master_key_check (
    id          integer      primary key check (id = 1),
    check_value varchar(512) not null,
    created_at  timestamp with time zone not null
);

-- A tenant's key-encryption key: a Tink AES256_GCM keyset, encrypted under the master key
-- with the tenant's id as associated data. A rotation adds a primary version; its re-wrap of
-- the tenant's subject keys starts and finishes here (its progress is the share of subject
-- keys under the primary version), and the older versions are disabled after it.
create table tenant_key (
    tenant_id           uuid          primary key references tenant_home (tenant_id) on delete cascade,
    keyset              varchar(8000) not null,
    created_at          timestamp with time zone not null,
    rotated_at          timestamp with time zone,
    rewrap_started_at   timestamp with time zone,
    rewrap_finished_at  timestamp with time zone
);

-- A data subject's key: a Tink AES256_GCM keyset, encrypted under its tenant's key (version
-- kek_key_id) with the tenant and the subject as associated data.
create table subject_key (
    tenant_id  uuid          not null references tenant_key (tenant_id) on delete cascade,
    subject    varchar(100)  not null,
    keyset     varchar(2000) not null,
    kek_key_id bigint        not null,
    created_at timestamp with time zone not null,
    primary key (tenant_id, subject)
);
create index subject_key_rewrap on subject_key (tenant_id, kek_key_id);

-- Subjects whose key was destroyed (crypto-shredding): their data can never be decrypted
-- again. A restore of a backup re-applies this ledger, deleting any key it lists, so that no
-- backup brings erased data back. No foreign key: the ledger outlives everything else.
create table erasure_ledger (
    tenant_id uuid         not null,
    subject   varchar(100) not null,
    erased_at timestamp with time zone not null,
    reason    varchar(500) not null,
    primary key (tenant_id, subject)
);
