-- Task priority (low, normal, high): chosen at submit, it picks the Hangfire queue within each step's family.
alter table tasks add column priority text not null default 'normal' check (priority in ('low', 'normal', 'high'));
create index tasks_tenant_priority_created on tasks (tenant_id, priority, created_at desc, id);

-- LLM batches: one llm.batch task runs many prompts; each item keeps its own status and result, written as it
-- completes (fenced on the task's run), so a re-run after a crash skips finished items.
create table batches (
    id          uuid primary key,
    tenant_id   text        not null,
    task_id     uuid        not null unique,
    model       text,
    item_count  integer     not null,
    created_at  timestamptz not null default now()
);
create index batches_tenant on batches (tenant_id, created_at desc);

-- A batch is stored before its task (so no Worker can start the task without its items), hence no foreign key;
-- deleting the task deletes its batch, and the batch's items with it.
create function delete_task_batch() returns trigger language plpgsql as $$
begin
    delete from batches where task_id = old.id;
    return old;
end $$;
create trigger tasks_delete_batch after delete on tasks for each row execute function delete_task_batch();

create table batch_items (
    batch_id          uuid        not null references batches (id) on delete cascade,
    ordinal           integer     not null,
    prompt            text        not null,
    system            text,
    model             text,
    max_tokens        integer,
    temperature       real,
    status            text        not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed', 'canceled')),
    completion        text,
    response_model    text,
    prompt_tokens     integer,
    completion_tokens integer,
    attempts          integer     not null default 0,
    error_code        text,
    error_message     text,
    started_at        timestamptz,
    finished_at       timestamptz,
    primary key (batch_id, ordinal)
);
create index batch_items_status on batch_items (batch_id, status);
