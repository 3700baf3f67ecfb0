using System.Threading.Channels;
using TaskRunner.Tasks.Progress;

namespace TaskRunner.Api.Tasks.Streams;

/// <summary>One client's place in a shared task watch: its events, completed when the task is final. Dispose to leave.</summary>
public sealed class TaskWatchListener(ChannelReader<TaskEvent> events, Action leave) : IAsyncDisposable
{
    private int left;

    public ChannelReader<TaskEvent> Events => events;

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref left, 1) == 0)
        {
            leave();
        }

        return ValueTask.CompletedTask;
    }
}
