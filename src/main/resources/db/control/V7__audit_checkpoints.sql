-- The Ed25519 key that signs this store's audit checkpoints: a Tink keyset sealed under the
-- server secret (never in the clear).
create table audit_signing_key (
    id         integer       primary key check (id = 1),
    keyset     varchar(4000) not null,
    created_at timestamp with time zone not null
);

-- Signed checkpoints of the audit chains: at a chain's sequence number, its head hash, signed
-- over the store, chain, sequence, hash and time. Whoever rewrites a chain and recomputes its
-- hashes cannot sign the new head; verification checks every entry against them.
create table audit_checkpoint (
    chain     varchar(40)  not null,
    seq       bigint       not null,
    head_hash varchar(64)  not null,
    at        timestamp with time zone not null,
    signature varchar(200) not null,
    primary key (chain, seq)
);
