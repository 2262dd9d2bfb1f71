-- Region store: everything about a tenant's customers, for the tenants of this region only.

create table store_identity (
    id     integer     primary key check (id = 1),
    kind   varchar(16) not null,
    region varchar(32) not null
);

-- A tenant's home record: written when the tenant is created, in its region's store only.
-- The slug is unique in the control store, not here: a home record left by a creation that
-- died half-way must not block the slug for good.
create table tenant_home (
    tenant_id  uuid        primary key,
    slug       varchar(40) not null,
    region     varchar(32) not null,
    created_at timestamp with time zone not null
);
create index tenant_home_slug on tenant_home (slug);
