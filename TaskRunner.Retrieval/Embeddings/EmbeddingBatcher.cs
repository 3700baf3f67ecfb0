using System.Threading.Channels;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>
/// One per model and process: texts from every caller (chunks of several documents and tasks, search queries) wait up
/// to a short linger, are sorted by token length so each batch pads little, and run one batch at a time, so a single
/// ONNX Runtime session uses all its intra-op threads on full batches instead of many callers' small ones competing.
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
            pending[i] = new Pending(texts[i], new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously), ct);
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
            // Take what is waiting; short of a full batch, linger once for other callers' texts and take those too.
            Drain(reader, window);
            if (window.Count < _batchSize && _linger > TimeSpan.Zero)
            {
                await Task.Delay(_linger).ConfigureAwait(false);
                Drain(reader, window);
            }

            foreach (var batch in window.OrderBy(p => p.Text.Ids.Length).Chunk(_batchSize))
            {
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

    /// <summary>Up to eight batches at a time: enough to sort by length, few enough to bound a text's wait.</summary>
    private void Drain(ChannelReader<Pending> reader, List<Pending> window)
    {
        while (window.Count < _batchSize * 8 && reader.TryRead(out var item))
        {
            if (item.Cancel.IsCancellationRequested) item.Result.TrySetCanceled(item.Cancel);
            else window.Add(item);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed record Pending(EncodedText Text, TaskCompletionSource<float[]> Result, CancellationToken Cancel);
}
