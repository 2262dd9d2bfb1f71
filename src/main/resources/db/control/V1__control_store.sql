-- Control store: tenants, platform and tenant users, sessions. No message text and no
-- direct identifiers of data subjects ever live here.

create table store_identity (
    id     integer     primary key check (id = 1),
    kind   varchar(16) not null,
    region varchar(32) not null
);

create table tenant (
    id         uuid         primary key,
    slug       varchar(40)  not null unique,
    name       varchar(200) not null,
    region     varchar(32)  not null,
    status     varchar(16)  not null check (status in ('active', 'suspended')),
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);

-- Platform staff (realm 'platform', tenant_id null) and, from the identity issue on, tenant
-- users (realm = the tenant's id). A username is unique within its realm.
create table app_user (
    id                   uuid         primary key,
    realm                varchar(40)  not null,
    tenant_id            uuid         references tenant (id) on delete cascade,
    username             varchar(100) not null,
    email                varchar(320),
    password_hash        varchar(255) not null,
    status               varchar(16)  not null check (status in ('active', 'disabled')),
    must_change_password boolean      not null default false,
    failed_attempts      integer      not null default 0,
    locked_until         timestamp with time zone,
    password_changed_at  timestamp with time zone not null,
    created_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null,
    constraint app_user_realm_username unique (realm, username),
    constraint app_user_realm_matches_tenant check (
        (realm = 'platform' and tenant_id is null) or (realm <> 'platform' and tenant_id is not null))
);

-- A user may hold several roles: OPERATOR, SECURITY_RESPONDER for platform staff; ADMIN,
-- AGENT, READ_ONLY, AUDITOR, PRIVACY_OFFICER for tenant users.
create table user_role (
    user_id uuid        not null references app_user (id) on delete cascade,
    role    varchar(32) not null,
    primary key (user_id, role)
);

-- Previous password hashes, to refuse re-use of the last four (PCI DSS 8.3.7).
create table password_history (
    user_id       uuid         not null references app_user (id) on delete cascade,
    password_hash varchar(255) not null,
    created_at    timestamp with time zone not null
);
create index password_history_user on password_history (user_id, created_at);

-- TOTP enrolment; the secret is stored encrypted once the key hierarchy exists.
create table user_mfa (
    user_id      uuid         primary key references app_user (id) on delete cascade,
    secret       varchar(512) not null,
    confirmed_at timestamp with time zone,
    last_step    bigint
);

-- Opaque bearer tokens and console cookies, stored only as SHA-256 hashes.
create table user_session (
    token_hash   varchar(64) primary key,
    user_id      uuid        not null references app_user (id) on delete cascade,
    created_at   timestamp with time zone not null,
    last_used_at timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    revoked_at   timestamp with time zone
);
create index user_session_user on user_session (user_id);

-- While no operator exists: the hashes of the one-time setup tokens (each token itself is
-- only in the setup-token file of the node that made it), here so that any node can check
-- them. One row per node start; all are deleted when setup is done.
create table setup_token (
    token_hash varchar(64) primary key,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null
);

-- The first-operator setup runs once: its row's primary key makes a second one fail even
-- when two setups race.
create table setup_completion (
    id           integer primary key check (id = 1),
    completed_at timestamp with time zone not null,
    operator_id  uuid    not null references app_user (id)
);
