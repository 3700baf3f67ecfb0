-- The batch fetch's claim (issue #12), set-based. HangfireBatchFetch claimed each fetched task with claim_task, one
-- plpgsql call of four or five statements per row: about half a millisecond a row, 50 ms for a burst of 100
-- generations and the largest part of the time between a job's creation and its run starting.
--
-- claim_tasks takes the whole batch (each Hangfire job with its task and dispatch) and returns each claimed or
-- deferred task with its job. A task that no in-flight cap governs (neither its tenant's cap on the queue's family nor
-- its API key's) is claimed by one update for all such tasks. A task that a cap governs goes through claim_task, one at
-- a time in the batch's order, so the cap's advisory lock and count stay exactly as they are. Both claims look the caps
-- up through in_flight_caps. The claim's update is written twice, once per row in claim_task and once for a set here:
-- claim_task calling a shared set-based update took 2.5 times as long per claim, so BatchFetchTests holds the two to
-- leaving identical rows instead.

-- The caps that govern a task on its queue's family: the tenant's (its tenant_limits row, else the configured cap of the
-- family, else the default) and its API key's (its api_key_limits row, else none); 0 means no cap.
create or replace function in_flight_caps(
    p_tenant text, p_key uuid, p_queue text, p_families jsonb, p_caps jsonb, p_default_cap integer)
returns table (family text, tenant_cap integer, key_cap integer)
language sql stable as $$
    -- One select, so that Postgres inlines it into the query that calls it.
    select f.family,
           coalesce((select l.max_in_flight from tenant_limits l where l.tenant_id = p_tenant and l.queue in (f.family, '*')
                      order by l.queue = '*' limit 1), (p_caps ->> f.family)::integer, p_default_cap),
           coalesce((select k.max_in_flight from api_key_limits k where k.key_id = p_key and k.queue in (f.family, '*')
                      order by k.queue = '*' limit 1), 0)
      from (select coalesce(p_families ->> p_queue, p_queue) as family) f
$$;

create or replace function claim_tasks(
    p_jobs bigint[], p_ids uuid[], p_dispatches uuid[], p_worker text, p_sources text[],
    p_families jsonb, p_caps jsonb, p_default_cap integer, p_defer_seconds double precision,
    p_tenant_message text, p_key_message text)
returns table (job_id bigint, task tasks)
language plpgsql volatile as $$
declare
    free_jobs bigint[];
    free_ids uuid[];
    free_dispatches uuid[];
    capped_jobs bigint[];
    capped_ids uuid[];
    capped_dispatches uuid[];
begin
    select coalesce(array_agg(b.job_id order by b.n) filter (where not b.capped), '{}'),
           coalesce(array_agg(b.id order by b.n) filter (where not b.capped), '{}'),
           coalesce(array_agg(b.dispatch order by b.n) filter (where not b.capped), '{}'),
           coalesce(array_agg(b.job_id order by b.n) filter (where b.capped), '{}'),
           coalesce(array_agg(b.id order by b.n) filter (where b.capped), '{}'),
           coalesce(array_agg(b.dispatch order by b.n) filter (where b.capped), '{}')
      into free_jobs, free_ids, free_dispatches, capped_jobs, capped_ids, capped_dispatches
      from (select i.job_id, i.id, i.dispatch, i.n, c.tenant_cap > 0 or c.key_cap > 0 as capped
              from unnest(p_jobs, p_ids, p_dispatches) with ordinality as i(job_id, id, dispatch, n)
              join tasks t on t.id = i.id and t.dispatch_id = i.dispatch
             cross join lateral in_flight_caps(t.tenant_id, t.api_key_id, t.queue, p_families, p_caps, p_default_cap) c) b;

    -- claim_task's claim, for all of them at once; a task named by two jobs of one dispatch is claimed once, for the first.
    return query
        update tasks t set status = 'running', runs = t.runs + 1,
               attempts = case when t.handoff then greatest(t.attempts, 1) else t.attempts + 1 end, handoff = false, worker_id = p_worker,
               started_at = coalesce(t.started_at, now()), heartbeat_at = now(), updated_at = now(), version = t.version + 1
          from (select distinct on (u.id, u.dispatch) u.job_id, u.id, u.dispatch
                  from unnest(free_jobs, free_ids, free_dispatches) with ordinality as u(job_id, id, dispatch, n)
                 order by u.id, u.dispatch, u.n) b
         where t.id = b.id and t.dispatch_id = b.dispatch and t.status = any(p_sources) and not t.cancel_requested
        returning b.job_id, t;

    for i in 1 .. coalesce(array_length(capped_ids, 1), 0) loop
        return query
            select capped_jobs[i], c
              from claim_task(capped_ids[i], capped_dispatches[i], p_worker, p_sources, p_families, p_caps, p_default_cap,
                              p_defer_seconds, p_tenant_message, p_key_message) c;
    end loop;
end
$$;

-- claim_task of migration 0018 with the shared cap lookup. One change in behaviour: a queue missing from p_families is its
-- own family (as the cap lookup already treated it), and its running tasks now count against the cap; before, the
-- count matched no queue and was always 0, so a cap on such a queue never held.
create or replace function claim_task(
    p_id uuid, p_dispatch uuid, p_worker text, p_sources text[],
    p_families jsonb, p_caps jsonb, p_default_cap integer, p_defer_seconds double precision,
    p_tenant_message text, p_key_message text)
returns setof tasks
language plpgsql volatile as $$
declare
    candidate tasks;
    caps record;
    running_tenant bigint;
    running_key bigint;
begin
    select * into candidate from tasks
     where id = p_id and dispatch_id = p_dispatch and status = any(p_sources) and not cancel_requested
       for update;
    if not found then
        return;
    end if;

    select * into caps from in_flight_caps(candidate.tenant_id, candidate.api_key_id, candidate.queue, p_families, p_caps, p_default_cap);
    if caps.tenant_cap > 0 or caps.key_cap > 0 then
        perform pg_advisory_xact_lock(hashtextextended('taskrunner:in-flight:' || candidate.tenant_id || ':' || caps.family, 0));
        select count(*), count(*) filter (where api_key_id = candidate.api_key_id)
          into running_tenant, running_key
          from tasks
         where tenant_id = candidate.tenant_id and status = 'running'
           and (queue = caps.family or queue in (select key from jsonb_each_text(p_families) where value = caps.family));
        if (caps.tenant_cap > 0 and running_tenant >= caps.tenant_cap) or (caps.key_cap > 0 and running_key >= caps.key_cap) then
            return query
                update tasks set dispatch_id = null, hangfire_job_id = null, not_before = now() + make_interval(secs => p_defer_seconds),
                       updated_at = now(),
                       message = case when caps.tenant_cap > 0 and running_tenant >= caps.tenant_cap then p_tenant_message else p_key_message end
                 where id = p_id and dispatch_id = p_dispatch
                returning *;
            return;
        end if;
    end if;

    return query
        update tasks set status = 'running', runs = runs + 1,
               attempts = case when handoff then greatest(attempts, 1) else attempts + 1 end, handoff = false, worker_id = p_worker,
               started_at = coalesce(started_at, now()), heartbeat_at = now(), updated_at = now(), version = version + 1
         where id = p_id and dispatch_id = p_dispatch and status = any(p_sources) and not cancel_requested
        returning *;
end
$$;
