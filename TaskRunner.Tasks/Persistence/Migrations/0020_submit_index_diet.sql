-- Every submit inserts a queued, undispatched task, so each partial index over queued or undispatched rows is paid on
-- every submit (issue #12: submit throughput). Two of them duplicate the rows of another index:
-- tasks_outbox (undispatched, by age) holds the rows of tasks_outbox_priority (undispatched, by priority then age),
-- which the lost-dispatch sweep now reads in that order too; and tasks_queued_by_queue holds the rows of
-- tasks_queued_updated (queued), which the queue gauges read whole at each scrape whatever the index order.
drop index if exists tasks_outbox;
drop index if exists tasks_queued_by_queue;
