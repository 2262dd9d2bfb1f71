-- API keys for a tenant's integrations. The key itself is never stored: only its
-- HMAC-SHA-256 under the server's identity secret (see IdentitySecret), which a copy of this
-- table alone cannot reverse or test guesses against.
create table api_key (
    id           uuid         primary key,
    tenant_id    uuid         not null references tenant (id) on delete cascade,
    name         varchar(100) not null,
    prefix       varchar(16)  not null,
    key_hash     varchar(64)  not null unique,
    scopes       varchar(200) not null,
    created_by   uuid         references app_user (id) on delete set null,
    created_at   timestamp with time zone not null,
    last_used_at timestamp with time zone,
    expires_at   timestamp with time zone,
    revoked_at   timestamp with time zone
);
create index api_key_tenant on api_key (tenant_id, created_at);

-- A keyed check value of the identity secret, written by the first node, so that a node
-- started with another secret stops at once instead of refusing every API key.
create table identity_secret_check (
    id          integer     primary key check (id = 1),
    check_value varchar(64) not null,
    created_at  timestamp with time zone not null
);
