using System.Diagnostics;

namespace TaskRunner.Tasks.Telemetry;

/// <summary>
/// The W3C <c>traceparent</c> a task keeps from its submit, so every Worker run of it continues the submit's trace.
/// </summary>
public static class TraceParent
{
    /// <summary>The current activity's traceparent, or null when nothing is being traced.</summary>
    public static string? Current() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    /// <summary>The context a run's span takes as its parent; default when the task has none (an old row).</summary>
    public static ActivityContext ParseOrDefault(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;

    /// <summary>The 32-hex trace id of a traceparent, or null.</summary>
    public static string? TraceIdOf(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context.TraceId.ToHexString() : null;
}
