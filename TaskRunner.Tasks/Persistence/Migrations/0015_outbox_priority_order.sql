-- The dispatch leader claims undispatched tasks high priority first, then oldest first, so a high-priority task
-- submitted behind a backlog gets its Hangfire job before the rest of the backlog does (issue #13: priority holds
-- end to end, not only in the queues' fetch order). tasks_outbox (by age) stays for the due-dispatch sweep.
create index tasks_outbox_priority on tasks ((case priority when 'high' then 0 when 'normal' then 1 else 2 end), created_at)
  where status = 'queued' and dispatch_id is null;
