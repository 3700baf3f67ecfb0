using Npgsql;

namespace TaskRunner.Tasks.Persistence;

/// <summary>
/// Writes single-row changes of many callers together: every item that arrives while a write is in Postgres goes
/// into the next one (one statement, one commit), and a lone item is written at once (its batch holds one row). Each
/// caller waits for the write that carries its item and gets its own row's outcome. An item whose key is already
/// waiting replaces it (both callers get the later item's outcome), so a batch never holds two items for one row. A
/// statement that Postgres refuses (<see cref="PostgresException"/>: a value one row breaks) is written again item by
/// item, so no caller fails for another's row; a write the database fails as a whole (a lost connection, a timeout)
/// fails each caller of that batch. Task progress, successes and fenced exercise upserts go through it (<see cref="ProgressWrites"/>, <see cref="SucceedWrites"/>).
/// </summary>
/// <param name="write">Writes a batch and returns the outcome of each key it changed; keys it did not change get <paramref name="missing"/>.</param>
public sealed class CoalescedWrites<TKey, TItem, TResult>(
    Func<TItem, TKey> keyOf,
    Func<IReadOnlyList<TItem>, Task<IReadOnlyDictionary<TKey, TResult>>> write,
    TResult missing,
    int maxBatch)
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Dictionary<TKey, Waiting> waiting = [];
    private bool writing;
    private long statements;

    /// <summary>Statements written so far (tests read it to see that concurrent items were coalesced).</summary>
    public long Statements => Interlocked.Read(ref statements);

    /// <summary>Writes <paramref name="item"/> with the next batch; <paramref name="ct"/> ends only this caller's wait.</summary>
    public Task<TResult> WriteAsync(TItem item, CancellationToken ct)
    {
        var own = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = new Waiting(item, [own]);
        bool start;
        lock (gate)
        {
            if (waiting.Remove(keyOf(item), out var earlier))
            {
                entry.Callers.AddRange(earlier.Callers);
            }

            waiting[keyOf(item)] = entry;
            start = !writing;
            writing = true;
        }

        if (start)
        {
            // On the pool, so that no caller waits for the batches of others that follow its own.
            _ = Task.Run(WriteWaitingAsync, CancellationToken.None);
        }

        return own.Task.WaitAsync(ct);
    }

    private async Task WriteWaitingAsync()
    {
        while (true)
        {
            List<Waiting> batch;
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    writing = false;
                    return;
                }

                batch = [.. waiting.Values.Take(maxBatch)];
                foreach (var entry in batch)
                {
                    waiting.Remove(keyOf(entry.Item));
                }
            }

            await WriteAsync(batch, splitOnRefusal: batch.Count > 1);
        }
    }

    private async Task WriteAsync(List<Waiting> batch, bool splitOnRefusal)
    {
        IReadOnlyDictionary<TKey, TResult> outcomes;
        try
        {
            Interlocked.Increment(ref statements);
            outcomes = await write([.. batch.Select(e => e.Item)]);
        }
        catch (PostgresException) when (splitOnRefusal)
        {
            foreach (var entry in batch)
            {
                await WriteAsync([entry], splitOnRefusal: false);
            }

            return;
        }
        catch (Exception ex)
        {
            batch.ForEach(e => e.Callers.ForEach(c => c.TrySetException(ex)));
            return;
        }

        foreach (var entry in batch)
        {
            var outcome = outcomes.TryGetValue(keyOf(entry.Item), out var found) ? found : missing;
            entry.Callers.ForEach(c => c.TrySetResult(outcome));
        }
    }

    private sealed record Waiting(TItem Item, List<TaskCompletionSource<TResult>> Callers);
}
