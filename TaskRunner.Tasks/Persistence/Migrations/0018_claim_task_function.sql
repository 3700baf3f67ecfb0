-- A claim in one round trip. The claim used to be a transaction of four or five statements, and while a tenant has an
-- in-flight cap it held that tenant's advisory lock (per queue family) from the cap check to its commit: every claim
-- of one tenant's burst waited for the round trips of the one before it (about 40 claims a second under load).
-- In this function the lock is held for the server-side work only, and it commits as the statement ends.
-- Under READ COMMITTED each statement of a volatile plpgsql function takes a new snapshot, so the count that follows
-- the lock sees every claim committed before it: the cap stays exact.
--
-- p_families maps every queue to its family ({"0_high_llm": "llm", ...}) and p_caps a family to its configured cap
-- ({"llm": 192}, p_default_cap for the rest), both built by TenantInFlightGate from TaskQueues and FairnessOptions.
-- Returns the claimed row (status running), the deferred row (still queued, dispatch cleared, its message saying which
-- cap refused it), or nothing when the dispatch is stale, the task final, canceled or taken.
create or replace function claim_task(
    p_id uuid, p_dispatch uuid, p_worker text, p_sources text[],
    p_families jsonb, p_caps jsonb, p_default_cap integer, p_defer_seconds double precision,
    p_tenant_message text, p_key_message text)
returns setof tasks
language plpgsql volatile as $$
declare
    candidate tasks;
    family text;
    tenant_cap integer;
    key_cap integer;
    running_tenant bigint;
    running_key bigint;
begin
    select * into candidate from tasks
     where id = p_id and dispatch_id = p_dispatch and status = any(p_sources) and not cancel_requested
       for update;
    if not found then
        return;
    end if;

    family := coalesce(p_families ->> candidate.queue, candidate.queue);
    tenant_cap := coalesce((select max_in_flight from tenant_limits where tenant_id = candidate.tenant_id and queue in (family, '*')
                             order by queue = '*' limit 1), (p_caps ->> family)::integer, p_default_cap);
    key_cap := coalesce((select max_in_flight from api_key_limits where key_id = candidate.api_key_id and queue in (family, '*')
                          order by queue = '*' limit 1), 0);
    if tenant_cap > 0 or key_cap > 0 then
        perform pg_advisory_xact_lock(hashtextextended('taskrunner:in-flight:' || candidate.tenant_id || ':' || family, 0));
        select count(*), count(*) filter (where api_key_id = candidate.api_key_id)
          into running_tenant, running_key
          from tasks
         where tenant_id = candidate.tenant_id and status = 'running'
           and queue in (select key from jsonb_each_text(p_families) where value = family);
        if (tenant_cap > 0 and running_tenant >= tenant_cap) or (key_cap > 0 and running_key >= key_cap) then
            return query
                update tasks set dispatch_id = null, hangfire_job_id = null, not_before = now() + make_interval(secs => p_defer_seconds),
                       updated_at = now(),
                       message = case when tenant_cap > 0 and running_tenant >= tenant_cap then p_tenant_message else p_key_message end
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
