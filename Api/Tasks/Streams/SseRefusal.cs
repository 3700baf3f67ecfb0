namespace TaskRunner.Api.Tasks.Streams;

/// <summary>Why <see cref="SseStreamLimiter"/> refused a stream.</summary>
public enum SseRefusal
{
    None,
    KeyFull,
    ProcessFull,
}
