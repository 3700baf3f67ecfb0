-- Outbox submit: a queued task with no dispatch id is its own dispatch intent (written in the submit's transaction,
-- with NOTIFY task_dispatch); the Worker's dispatch leader turns such rows into Hangfire jobs.

-- Upload dedup: one live document per tenant and content. Rows that were duplicated before this index existed keep
-- their content but stop matching (the earliest row of each group stays the one uploads find, as before).
update documents d set sha256 = d.sha256 || ':dup:' || d.id
 where d.status <> 'deleting'
   and exists (select 1 from documents e
                where e.tenant_id = d.tenant_id and e.sha256 = d.sha256 and e.status <> 'deleting'
                  and (e.created_at, e.id) < (d.created_at, d.id));
create unique index documents_tenant_sha_live on documents (tenant_id, sha256) where status <> 'deleting';

-- The outbox: undispatched queued tasks, read oldest first by the dispatcher (and the due-task sweep) in batches.
drop index tasks_undispatched;
create index tasks_outbox on tasks (created_at) where status = 'queued' and dispatch_id is null;

-- Sweep predicates, one index each (asserted with EXPLAIN in SweepIndexTests):
-- lost dispatches (dispatch id but no Hangfire job) and stranded dispatches (job gone or final) are both queued rows
-- looked up by age.
create index tasks_queued_updated on tasks (updated_at) where status = 'queued';
-- retention: final tasks by age.
create index tasks_final_finished on tasks (finished_at) where status in ('succeeded', 'failed', 'canceled');
-- a reindex or delete asks whether an ingestion of the document is active.
create index tasks_document_active on tasks (document_id, type) where status in ('queued', 'running');

-- Fencing: a step's data write first calls task_fence(task, run) in its own transaction. It locks the task row
-- (FOR SHARE) while the run still owns it, so a reaper's requeue waits for the write to commit, and raises TRF01 once
-- the run was superseded, so a run presumed dead cannot write.
create function task_fence(task uuid, run integer) returns void language plpgsql as $$
begin
    perform 1 from tasks where id = task and runs = run and status = 'running' for share;
    if not found then
        raise exception 'Task % run % no longer owns the task', task, run using errcode = 'TRF01';
    end if;
end $$;
