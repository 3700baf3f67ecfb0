using System.Threading.Channels;

namespace TaskRunner.Generation.Batches;

/// <summary>
/// Writes item outcomes as they arrive, many per statement: while one write runs, the next outcomes gather, so a
/// thousand items finishing together cost a few round trips instead of a thousand. Writes are fenced on the run and
/// not canceled with it, so outcomes that arrived before a cancel are kept.
/// </summary>
internal sealed class BatchOutcomeWriter(BatchStore store, Guid batchId, Guid taskId, int run)
{
    private const int MaxPerWrite = 500;

    private readonly Channel<BatchItemOutcome> outcomes = Channel.CreateUnbounded<BatchItemOutcome>(new UnboundedChannelOptions { SingleReader = true });

    public void Add(BatchItemOutcome outcome) => outcomes.Writer.TryWrite(outcome);

    /// <summary>No more outcomes will come; the task of <see cref="RunAsync"/> ends once all are written.</summary>
    public void Complete() => outcomes.Writer.TryComplete();

    public async Task RunAsync()
    {
        var reader = outcomes.Reader;
        var buffer = new List<BatchItemOutcome>(MaxPerWrite);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            buffer.Clear();
            while (buffer.Count < MaxPerWrite && reader.TryRead(out var outcome))
            {
                buffer.Add(outcome);
            }

            await store.WriteOutcomesAsync(batchId, taskId, run, buffer, CancellationToken.None);
        }
    }
}
