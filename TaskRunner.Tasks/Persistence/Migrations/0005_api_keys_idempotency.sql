-- API keys: stored as SHA-256 hashes (the keys are 256-bit random, so a fast hash is enough); the key itself is shown once.
create table api_keys (
    id                  uuid primary key,
    tenant_id           text        not null,
    name                text        not null,
    prefix              text        not null,
    key_hash            text        not null unique,
    is_admin            boolean     not null default false,
    requests_per_minute integer,
    created_at          timestamptz not null default now(),
    revoked_at          timestamptz
);
create index api_keys_tenant on api_keys (tenant_id);

-- Idempotency-Key records: the first request with a key runs; later ones with the same body get its response replayed.
create table idempotency_keys (
    tenant_id     text        not null,
    key           text        not null,
    request_hash  text        not null,
    status_code   integer,
    content_type  text,
    location      text,
    body          bytea,
    created_at    timestamptz not null default now(),
    completed_at  timestamptz,
    primary key (tenant_id, key)
);
create index idempotency_keys_created on idempotency_keys (created_at);
