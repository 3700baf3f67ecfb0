namespace TaskRunner.Tasks.Fairness;

/// <summary>Which in-flight cap refused a claim.</summary>
public enum InFlightLimit
{
    /// <summary>The tenant has as many running tasks on the queue family as its cap allows.</summary>
    Tenant,

    /// <summary>The API key that submitted the task has as many running tasks on the queue family as its own cap allows.</summary>
    ApiKey,
}
