using System.Diagnostics;
using System.Threading.Channels;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>
/// One per model and process: texts from every caller (chunks of several documents and tasks, search and chat queries)
/// are coalesced, sorted by token length so each batch pads little, and run one batch at a time, so a single ONNX
/// Runtime session uses all its intra-op threads on full batches instead of many callers' small ones competing (100
/// chats embedding their questions at once make a few batches, not 100 runs). Short of a full batch, a text waits at
/// most the linger for others to join it. A caller that gives
/// up (its token cancelled) gets a cancellation and its texts are left out of batches not yet run; a failing batch
/// fails only the callers with texts in it.
/// </summary>
internal sealed class EmbeddingBatcher : IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<EncodedText[], float[][]> _run;
    private readonly int _batchSize;
    private readonly TimeSpan _linger;
    private readonly Task _loop;

    /// <param name="run">Embeds one batch (all rows padded to the longest); called from one loop, never concurrently.</param>
    public EmbeddingBatcher(Func<EncodedText[], float[][]> run, int batchSize, TimeSpan linger)
    {
        _run = run;
        _batchSize = batchSize;
        _linger = linger;
        _loop = Task.Run(LoopAsync);
    }

    public async Task<float[][]> EmbedAsync(IReadOnlyList<EncodedText> texts, CancellationToken ct)
    {
        var pending = new Pending[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            pending[i] = new Pending(texts[i], new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously), ct, Stopwatch.GetTimestamp());
            if (!_queue.Writer.TryWrite(pending[i])) throw new ObjectDisposedException(nameof(EmbeddingBatcher));
        }

        return await Task.WhenAll(pending.Select(p => p.Result.Task)).WaitAsync(ct).ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var window = new List<Pending>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            Drain(reader, window);
            await LingerAsync(reader, window).ConfigureAwait(false);

            foreach (var chunk in window.OrderBy(p => p.Text.Ids.Length).Chunk(_batchSize))
            {
                // A caller may have given up while earlier batches ran: its texts are not worth a place in this one.
                var batch = chunk.Where(p => !CancelIfAbandoned(p)).ToArray();
                if (batch.Length == 0)
                {
                    continue;
                }

                try
                {
                    var vectors = _run(batch.Select(p => p.Text).ToArray());
                    for (var i = 0; i < batch.Length; i++) batch[i].Result.TrySetResult(vectors[i]);
                }
                catch (Exception ex)
                {
                    foreach (var p in batch) p.Result.TrySetException(ex);
                }
            }

            window.Clear();
        }
    }

    /// <summary>
    /// Short of a full batch, waits for more texts until the oldest waiting one has waited the linger (texts that queued
    /// while a batch ran have usually waited that long already, so under load batches follow each other at once).
    /// </summary>
    private async Task LingerAsync(ChannelReader<Pending> reader, List<Pending> window)
    {
        while (window.Count > 0 && window.Count < _batchSize)
        {
            var remaining = _linger - Stopwatch.GetElapsedTime(window[0].Enqueued);
            if (remaining <= TimeSpan.Zero) return;
            using var timer = new CancellationTokenSource(remaining);
            try
            {
                if (!await reader.WaitToReadAsync(timer.Token).ConfigureAwait(false)) return;
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested)
            {
                return;
            }

            Drain(reader, window);
        }
    }

    /// <summary>Up to eight batches at a time: enough to sort by length, few enough to bound a text's wait.</summary>
    private void Drain(ChannelReader<Pending> reader, List<Pending> window)
    {
        while (window.Count < _batchSize * 8 && reader.TryRead(out var item))
        {
            if (!CancelIfAbandoned(item)) window.Add(item);
        }
    }

    private static bool CancelIfAbandoned(Pending item)
    {
        if (!item.Cancel.IsCancellationRequested) return false;
        item.Result.TrySetCanceled(item.Cancel);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed record Pending(EncodedText Text, TaskCompletionSource<float[]> Result, CancellationToken Cancel, long Enqueued);
}
