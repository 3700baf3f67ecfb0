-- The fence of a statement that writes for many runs at once (issue #12): the shared exercise upserts of concurrent
-- generations. Joined row by row to task_fence(task, run), such a statement cost about 0.3 ms a row in the fence
-- alone (a plpgsql call and a row lock each), 150 ms for 500 rows; this function locks every row in one statement,
-- in the order of their ids, about 5 ms for 500. The same lock (FOR SHARE) and the same refusal: it raises TRF01 when
-- any run no longer owns its task, so the writer tries each row alone and only the stale run is refused.
create function task_fence_all(p_tasks uuid[], p_runs integer[]) returns void language plpgsql as $$
declare
    held bigint;
    wanted bigint;
begin
    perform 1 from tasks t
      join (select distinct u.task, u.run from unnest(p_tasks, p_runs) as u(task, run)) u
        on t.id = u.task and t.runs = u.run and t.status = 'running'
     order by t.id
       for share of t;
    get diagnostics held = row_count;
    select count(*) into wanted from (select distinct u.task, u.run from unnest(p_tasks, p_runs) as u(task, run)) d;
    if held < wanted then
        raise exception '% of % runs no longer own their task', wanted - held, wanted using errcode = 'TRF01';
    end if;
end $$;
