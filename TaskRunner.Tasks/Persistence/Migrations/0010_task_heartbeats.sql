-- Heartbeats leave the tasks table: there heartbeat_at is indexed (tasks_running_heartbeat), so every beat was a
-- non-HOT update that wrote every index of the widest table. A narrow row per task whose only index is its key takes
-- each beat as a HOT update; fillfactor leaves room on the page for it. tasks.heartbeat_at keeps the claim time.
create table task_heartbeats (
    task_id uuid primary key references tasks (id) on delete cascade,
    run     integer     not null,
    beat_at timestamptz not null
) with (fillfactor = 50);
