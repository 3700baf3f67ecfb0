using Microsoft.Extensions.Options;

namespace TaskRunner.Api.Tasks.Streams;

/// <summary>Counts open event streams per API key and for the process; a lease is one open stream.</summary>
public sealed class SseStreamLimiter(IOptions<SseOptions> options)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> perKey = new(StringComparer.Ordinal);
    private int total;

    public int OpenStreams
    {
        get
        {
            lock (gate)
            {
                return total;
            }
        }
    }

    /// <summary>When a client refused for the process's capacity should try again: the streams' <c>retry:</c> interval.</summary>
    public TimeSpan RetryAfter => TimeSpan.FromMilliseconds(options.Value.RetryMilliseconds);

    /// <summary>A lease for one more stream of <paramref name="keyId"/>, or null with the reason it was refused.</summary>
    public IDisposable? TryAcquire(string keyId, out SseRefusal refusal)
    {
        lock (gate)
        {
            if (total >= options.Value.MaxStreamsPerProcess)
            {
                refusal = SseRefusal.ProcessFull;
                return null;
            }

            var open = perKey.GetValueOrDefault(keyId);
            if (open >= options.Value.MaxStreamsPerKey)
            {
                refusal = SseRefusal.KeyFull;
                return null;
            }

            perKey[keyId] = open + 1;
            total++;
            refusal = SseRefusal.None;
            return new Lease(this, keyId);
        }
    }

    private void Release(string keyId)
    {
        lock (gate)
        {
            total--;
            if (--perKey[keyId] == 0)
            {
                perKey.Remove(keyId);
            }
        }
    }

    private sealed class Lease(SseStreamLimiter limiter, string keyId) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                limiter.Release(keyId);
            }
        }
    }
}
