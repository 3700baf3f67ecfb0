-- Per-key in-flight caps (issue #15 item 9): a task remembers the API key that submitted it, and an operator may give a
-- key its own cap of running tasks per queue family ('*' for every family it does not name). The claim counts the
-- key's running tasks in the same scan that counts the tenant's (tasks_running_tenant_queue), so no new index on tasks.
alter table tasks add column api_key_id uuid;

create table api_key_limits (
    key_id uuid not null references api_keys (id) on delete cascade,
    queue text not null,
    max_in_flight int not null check (max_in_flight >= 0),
    updated_at timestamptz not null default now(),
    primary key (key_id, queue)
);
