using System.Collections.Concurrent;
using System.Text;

namespace TaskRunner.Tests.Llm;

/// <summary>Collects deltas the way a job would: a restart discards what the failed attempt streamed.</summary>
internal sealed class StreamRecorder
{
    private readonly StringBuilder _text = new();

    public ConcurrentQueue<string> AllDeltas { get; } = new();

    public List<int> Restarts { get; } = [];

    public string Text => _text.ToString();

    public ValueTask OnDelta(string delta, CancellationToken ct)
    {
        AllDeltas.Enqueue(delta);
        _text.Append(delta);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnRestart(int attempt, CancellationToken ct)
    {
        Restarts.Add(attempt);
        _text.Clear();
        return ValueTask.CompletedTask;
    }
}
