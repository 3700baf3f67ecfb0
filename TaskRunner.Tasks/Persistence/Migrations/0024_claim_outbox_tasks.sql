-- Direct start (issue #12: 1,000 concurrent generations). The dispatch leader's Worker, when its async executor has
-- room, takes due tasks of the queues that executor serves straight from the outbox: one update gives each its dispatch
-- id and Hangfire job id and claims it for the Worker, so the task is written once instead of three times (dispatch,
-- job id, claim) and its job never waits in Hangfire's queue for a fetch. Only tasks that no in-flight cap governs are
-- taken (in_flight_caps of 0 for the tenant and for the API key); a capped task keeps the queue and claim_task's
-- count under its advisory lock. The claim's columns are claim_tasks's (migration 0022); BatchFetchTests holds the
-- paths to leaving identical rows.
create or replace function claim_outbox_tasks(
    p_limit integer, p_queues text[], p_worker text, p_sources text[],
    p_families jsonb, p_caps jsonb, p_default_cap integer, p_job_sequence text)
returns setof tasks
language sql volatile as $$
    with picked as materialized (
        select t.id
          from tasks t
         cross join lateral in_flight_caps(t.tenant_id, t.api_key_id, t.queue, p_families, p_caps, p_default_cap) c
         where t.status = 'queued' and t.dispatch_id is null and (t.not_before is null or t.not_before <= now())
           and t.queue = any(p_queues) and not t.cancel_requested and c.tenant_cap = 0 and c.key_cap = 0
         order by case t.priority when 'high' then 0 when 'normal' then 1 else 2 end, t.created_at -- TaskOutbox.DispatchOrder
         limit p_limit
           for update of t skip locked)
    update tasks t set dispatch_id = gen_random_uuid(), hangfire_job_id = nextval(p_job_sequence::regclass)::text,
           status = 'running', runs = t.runs + 1,
           attempts = case when t.handoff then greatest(t.attempts, 1) else t.attempts + 1 end, handoff = false, worker_id = p_worker,
           started_at = coalesce(t.started_at, now()), heartbeat_at = now(), updated_at = now(), version = t.version + 1
     where t.id = any(array(select id from picked)) and t.status = any(p_sources) and t.dispatch_id is null and not t.cancel_requested
    returning t.*
$$;
