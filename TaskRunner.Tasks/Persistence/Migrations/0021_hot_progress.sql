-- Progress writes are the most frequent update of a running task (issue #12: 1,000 concurrent generations). They no
-- longer set updated_at, which tasks_queued_updated indexes, and touch no other indexed column, so Postgres can make
-- them heap-only (HOT) updates instead of adding an entry to every index of tasks. Free room on each page keeps the
-- new row version on the same page.
alter table tasks set (fillfactor = 85);
