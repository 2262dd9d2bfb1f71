-- TOTP second factor. user_mfa (V1) holds each user's TOTP secret, encrypted with AES-256-GCM
-- under a key derived from the identity secret, bound to the user's id; confirmed_at is null
-- while an enrolment waits for its first code; last_step is the last time step accepted,
-- so that no code is accepted twice.

-- A tenant policy: every user of the tenant must enrol a second factor.
alter table tenant add column mfa_required boolean not null default false;

-- Single-use recovery codes, stored only as HMAC-SHA-256 under the identity secret.
create table mfa_recovery_code (
    user_id   uuid        not null references app_user (id) on delete cascade,
    code_hash varchar(64) not null,
    used_at   timestamp with time zone,
    primary key (user_id, code_hash)
);

-- Logins whose password was right and that wait for the second factor, by the SHA-256 of the
-- MFA token the client holds. Each code tried is counted before it is checked; a pending
-- login ends when used, after too many tries, when the user's password changes or its
-- sessions are ended, or once expired.
create table mfa_challenge (
    token_hash varchar(64) primary key,
    user_id    uuid        not null references app_user (id) on delete cascade,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    attempts   integer     not null default 0
);
create index mfa_challenge_user on mfa_challenge (user_id);
create index mfa_challenge_expiry on mfa_challenge (expires_at);
