-- Region store: everything about a tenant's customers, for the tenants of this region only.

create table store_identity (
    id     integer     primary key check (id = 1),
    kind   varchar(16) not null,
    region varchar(32) not null
);

-- A tenant's home record: written when the tenant is created, in its region's store only.
create table tenant_home (
    tenant_id  uuid        primary key,
    slug       varchar(40) not null unique,
    region     varchar(32) not null,
    created_at timestamp with time zone not null
);
