-- Observability (issue 16): the trace a task belongs to, token usage per task and model, and indexes for the
-- /metrics queue gauges and the ETA's duration history.
alter table tasks add column trace_parent text;

-- Queue depth and oldest waiting age per queue, read at scrape time.
create index tasks_queued_by_queue on tasks (queue) where status = 'queued';

-- The last successful runs of a type, for the ETA.
create index tasks_succeeded_by_type on tasks (type, finished_at desc) where status = 'succeeded';

-- Tokens a task spent per model. No foreign key: deleting a finished task keeps its spend in the tenant's usage.
create table task_usage (
    task_id          uuid        not null,
    tenant_id        text        not null,
    task_type        text        not null,
    model            text        not null,
    input_tokens     bigint      not null default 0,
    output_tokens    bigint      not null default 0,
    embedding_tokens bigint      not null default 0,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (task_id, model)
);
create index task_usage_tenant_created on task_usage (tenant_id, created_at);
