-- Tasks: what a user submits and watches. Hangfire's job id is only a reference.
create table tasks (
    id              uuid primary key,
    tenant_id       text        not null default 'default',
    type            text        not null,
    status          text        not null check (status in ('queued', 'running', 'succeeded', 'failed', 'canceled')),
    stage           text,
    step            integer     not null default 0,
    progress        real        not null default 0 check (progress >= 0 and progress <= 1),
    message         text,
    input           jsonb,
    result          jsonb,
    error           jsonb,
    attempts        integer     not null default 0,
    runs            integer     not null default 0,
    handoff         boolean     not null default false,
    queue           text        not null,
    dispatch_id     uuid,
    hangfire_job_id text,
    worker_id       text,
    document_id     uuid,
    cancel_requested boolean    not null default false,
    not_before      timestamptz,
    created_at      timestamptz not null default now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    heartbeat_at    timestamptz,
    updated_at      timestamptz not null default now(),
    version         bigint      not null default 0
);
create index tasks_tenant_created on tasks (tenant_id, created_at desc, id);
create index tasks_running_heartbeat on tasks (heartbeat_at) where status = 'running';
create index tasks_undispatched on tasks (not_before) where status = 'queued' and dispatch_id is null;
create index tasks_document on tasks (document_id) where document_id is not null;

create table documents (
    id            uuid primary key,
    tenant_id     text        not null default 'default',
    title         text        not null,
    file_name     text        not null,
    content_type  text,
    kind          text        not null,
    size_bytes    bigint      not null,
    sha256        text        not null,
    storage_path  text        not null,
    status        text        not null check (status in ('pending', 'ready', 'failed', 'deleting')),
    chunk_count   integer     not null default 0,
    page_count    integer,
    last_task_id  uuid,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create index documents_tenant_created on documents (tenant_id, created_at desc, id);
create index documents_tenant_sha on documents (tenant_id, sha256);

create table chunks (
    id           uuid primary key,
    document_id  uuid        not null references documents (id) on delete cascade,
    tenant_id    text        not null,
    ordinal      integer     not null,
    text         text        not null,
    token_count  integer     not null,
    page         integer,
    section      text,
    content_hash text        not null,
    created_at   timestamptz not null default now(),
    unique (document_id, ordinal)
);
