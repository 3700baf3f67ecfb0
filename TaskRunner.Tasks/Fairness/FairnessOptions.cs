using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Tasks.Fairness;

/// <summary>
/// Caps on one tenant's running tasks per queue family, so one tenant's backlog cannot take every Worker slot.
/// A tenant's row in <c>tenant_limits</c> overrides these for that tenant.
/// </summary>
public sealed class FairnessOptions
{
    public const string SectionName = "Fairness";

    /// <summary>Running tasks one tenant may have on one queue family (high, normal and low together); 0 means no cap.</summary>
    [Range(0, 100_000)]
    public int MaxInFlightPerTenant { get; set; } = 16;

    /// <summary>
    /// Per queue family overrides of <see cref="MaxInFlightPerTenant"/> (<c>Fairness__Queues__llm=4</c>). The llm family
    /// defaults to 192: its steps wait on the async executor (256 runs per Worker), so one tenant's 100 generations all
    /// start at once while a Worker still keeps room for other tenants.
    /// </summary>
    public Dictionary<string, int> Queues { get; set; } = new(StringComparer.Ordinal) { [TaskQueues.Llm] = 192 };

    /// <summary>How long a task refused at the cap waits before it is dispatched again (jittered up to twice this).</summary>
    [Range(0.1, 3600)]
    public double DeferSeconds { get; set; } = 5;

    /// <summary>The configured cap of <paramref name="family"/>, before any tenant override.</summary>
    public int CapFor(string family) => Queues.TryGetValue(family, out var cap) ? cap : MaxInFlightPerTenant;
}
