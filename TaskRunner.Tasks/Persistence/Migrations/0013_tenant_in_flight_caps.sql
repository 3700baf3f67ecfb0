-- Fair sharing between tenants (issue #15 item 9): a claim counts the tenant's running tasks in the task's queue
-- family, so that count needs an index; tenant_limits overrides the configured cap for one tenant, for every queue
-- ('*') or for one queue family.
create index tasks_running_tenant_queue on tasks (tenant_id, queue) where status = 'running';

create table tenant_limits (
    tenant_id text not null,
    queue text not null default '*',
    max_in_flight int not null check (max_in_flight >= 0),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, queue)
);
