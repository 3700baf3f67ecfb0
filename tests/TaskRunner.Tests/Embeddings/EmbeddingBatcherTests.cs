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

    [Fact]
    public async Task Single_text_callers_arriving_together_share_one_batch_that_runs_once_full()
    {
        var batches = new List<int>();
        // The linger is far longer than the sixteen writes below take; the batch runs as soon as it is full, not after it.
        await using var batcher = new EmbeddingBatcher(batch =>
        {
            lock (batches) batches.Add(batch.Length);
            return batch.Select(t => new float[] { t.Ids.Length }).ToArray();
        }, batchSize: 16, linger: TimeSpan.FromSeconds(30));

        var callers = Enumerable.Range(1, 16).Select(length => batcher.EmbedAsync([Text(length)], CancellationToken.None)).ToList();
        var results = await Task.WhenAll(callers);

        Assert.Equal([16], batches);
        Assert.Equal(Enumerable.Range(1, 16).Select(l => (float)l), results.Select(r => r[0][0]));
    }

    [Fact]
    public async Task A_caller_that_gives_up_is_cancelled_alone_and_its_text_is_left_out_of_the_batches_not_yet_run()
    {
        var batches = new List<int[]>();
        var entered = new SemaphoreSlim(0);
        var release = new SemaphoreSlim(0);
        await using var batcher = new EmbeddingBatcher(batch =>
        {
            lock (batches) batches.Add(batch.Select(t => t.Ids.Length).ToArray());
            if (batch[0].Ids.Length is 9 or 1)
            {
                entered.Release();
                release.Wait();
            }

            return batch.Select(t => new float[] { t.Ids.Length }).ToArray();
        }, batchSize: 1, linger: TimeSpan.Zero);

        var first = batcher.EmbedAsync([Text(9)], CancellationToken.None);
        await entered.WaitAsync();
        // While [9] runs, three callers queue; the loop then takes them as one window of three one-text batches.
        using var giveUp = new CancellationTokenSource();
        var early = batcher.EmbedAsync([Text(1)], CancellationToken.None);
        var abandoned = batcher.EmbedAsync([Text(5)], giveUp.Token);
        var kept = batcher.EmbedAsync([Text(3)], CancellationToken.None);
        release.Release();
        await entered.WaitAsync(); // [1] runs; the abandoned caller gives up now, its text already in the window
        await giveUp.CancelAsync();
        release.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(1f, (await early)[0][0]);
        Assert.Equal(3f, (await kept)[0][0]);
        await first;
        lock (batches) Assert.Equal([[9], [1], [3]], batches);
    }

    [Fact]
    public async Task A_failing_batch_fails_only_the_callers_with_texts_in_it()
    {
        var firstStarted = new TaskCompletionSource();
        var release = new SemaphoreSlim(0);
        await using var batcher = new EmbeddingBatcher(batch =>
        {
            if (firstStarted.TrySetResult()) release.Wait();
            // The batch of the two shortest texts fails; the batch of the two longest does not.
            return batch.Any(t => t.Ids.Length == 1) ? throw new InvalidOperationException("boom") : batch.Select(t => new float[] { t.Ids.Length }).ToArray();
        }, batchSize: 2, linger: TimeSpan.Zero);

        var first = batcher.EmbedAsync([Text(9)], CancellationToken.None);
        await firstStarted.Task;
        var callers = new[] { 4, 1, 3, 2 }.Select(length => batcher.EmbedAsync([Text(length)], CancellationToken.None)).ToList();
        release.Release();
        await first;

        await Assert.ThrowsAsync<InvalidOperationException>(() => callers[1]); // length 1
        await Assert.ThrowsAsync<InvalidOperationException>(() => callers[3]); // length 2
        Assert.Equal(4f, (await callers[0])[0][0]);
        Assert.Equal(3f, (await callers[2])[0][0]);
    }
}
