using System.Diagnostics;
using System.Text;

namespace TaskRunner.Generation.Exercises;

/// <summary>
/// Collects streamed LLM text and publishes it in batches (every <see cref="MaxDelay"/> or <see cref="MaxChars"/>,
/// whichever comes first), so a fast model does not send one Redis message per token. Publishing stays in order.
/// </summary>
public sealed class TokenBatcher(Func<string, CancellationToken, Task> publish)
{
    public const int MaxChars = 200;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(100);

    private readonly StringBuilder pending = new();
    private long lastFlush = Stopwatch.GetTimestamp();

    public async ValueTask AppendAsync(string delta, CancellationToken ct)
    {
        pending.Append(delta);
        if (pending.Length >= MaxChars || Stopwatch.GetElapsedTime(lastFlush) >= MaxDelay)
        {
            await FlushAsync(ct);
        }
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        lastFlush = Stopwatch.GetTimestamp();
        if (pending.Length == 0)
        {
            return;
        }

        var text = pending.ToString();
        pending.Clear();
        await publish(text, ct);
    }

    /// <summary>Drops text not yet published (the attempt it belonged to is being retried).</summary>
    public void Discard() => pending.Clear();
}
