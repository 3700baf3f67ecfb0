using TaskRunner.Retrieval.Embeddings;

namespace TaskRunner.Tests.Embeddings;

public class EmbeddingBatcherTests
{
    private static EncodedText Text(int length) => new(Enumerable.Repeat(7, length).ToArray(), false);

    [Fact]
    public async Task Texts_of_callers_waiting_behind_a_running_batch_share_the_next_batch_sorted_by_length()
    {
        var batches = new List<int[]>();
        var firstStarted = new TaskCompletionSource();
        var release = new SemaphoreSlim(0);
        await using var batcher = new EmbeddingBatcher(batch =>
        {
            lock (batches) batches.Add(batch.Select(t => t.Ids.Length).ToArray());
            if (firstStarted.TrySetResult()) release.Wait();
            return batch.Select(t => new float[] { t.Ids.Length }).ToArray();
        }, batchSize: 8, linger: TimeSpan.Zero);

        var first = batcher.EmbedAsync([Text(4)], CancellationToken.None);
        await firstStarted.Task;
        // The loop is busy with the first batch: these three callers' texts wait together.
        var callers = new[] { new[] { 9, 2 }, new[] { 5, 1 }, new[] { 7, 3 } }
            .Select(lengths => batcher.EmbedAsync(lengths.Select(Text).ToList(), CancellationToken.None)).ToList();
        release.Release();
        await first;
        var results = await Task.WhenAll(callers);

        Assert.Equal([[4], [1, 2, 3, 5, 7, 9]], batches);
        Assert.Equal([[9f, 2f], [5f, 1f], [7f, 3f]], results.Select(r => r.Select(v => v[0]).ToArray()).ToArray());
    }

    [Fact]
    public async Task A_failing_batch_fails_its_callers_and_the_batcher_keeps_serving()
    {
        var calls = 0;
        await using var batcher = new EmbeddingBatcher(batch =>
            Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("boom") : batch.Select(_ => new float[] { 1 }).ToArray(),
            batchSize: 4, linger: TimeSpan.Zero);

        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.EmbedAsync([Text(2)], CancellationToken.None));
        var after = await batcher.EmbedAsync([Text(3)], CancellationToken.None);

        Assert.Single(after);
    }
}
