using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Api.Tasks.Streams;

/// <summary>Bounds and timing of the task event streams (Server-Sent Events).</summary>
public sealed class SseOptions
{
    public const string SectionName = "Sse";

    /// <summary>Open streams one API key may hold; past it a new stream gets 429 <c>too_many_streams</c>.</summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerKey { get; set; } = 20;

    /// <summary>Open streams this Api process holds across all keys; past it a new stream gets 429 <c>stream_capacity</c>.</summary>
    [Range(1, 1_000_000)]
    public int MaxStreamsPerProcess { get; set; } = 2_000;

    /// <summary>Seconds without an event after which a <c>: keep-alive</c> comment is sent, so proxies keep idle streams open.</summary>
    [Range(0.1, 3600)]
    public double KeepAliveSeconds { get; set; } = 15;

    /// <summary>The <c>retry:</c> field: how long a standard client waits before it reconnects.</summary>
    [Range(100, 600_000)]
    public int RetryMilliseconds { get; set; } = 3_000;

    /// <summary>How often a task's shared watch re-reads Postgres while Redis delivers events (a lost final event cannot hang clients).</summary>
    [Range(0.1, 3600)]
    public double PollSeconds { get; set; } = 5;

    /// <summary>How often it reads Postgres while Redis is away.</summary>
    [Range(0.1, 3600)]
    public double PollWithoutRedisSeconds { get; set; } = 1;
}
