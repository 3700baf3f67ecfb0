namespace TaskRunner.Tasks;

/// <summary>A row of the tasks table.</summary>
public sealed class TaskRecord
{
    public Guid Id { get; init; }
    public string TenantId { get; init; } = "default";
    public string Type { get; init; } = "";
    public string Status { get; init; } = "queued";
    public string? Stage { get; init; }
    public int Step { get; init; }
    public float Progress { get; init; }
    public string? Message { get; init; }
    public string? Input { get; init; }
    public string? Result { get; init; }
    public string? Error { get; init; }
    public int Attempts { get; init; }

    /// <summary>Claims of this task by a worker; the current run's number fences its writes.</summary>
    public int Runs { get; init; }

    /// <summary>
    /// No run before the current one (or none yet) has claimed the task, so none has written anything for it: no usage
    /// rows, no step data to clear.
    /// </summary>
    public bool IsFirstRun => Runs <= 1;

    public string Queue { get; init; } = "";

    /// <summary>low, normal or high (<see cref="TaskPriorityNames"/>); it chose <see cref="Queue"/> within the step's family.</summary>
    public string Priority { get; init; } = "normal";
    public Guid? DispatchId { get; init; }
    public string? HangfireJobId { get; init; }
    public DateTime? NotBefore { get; init; }
    public string? WorkerId { get; init; }
    public Guid? DocumentId { get; init; }
    public bool CancelRequested { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public DateTime? HeartbeatAt { get; init; }

    /// <summary>The run's last beat (<c>task_heartbeats</c>), read by single-task lookups only.</summary>
    public DateTime? BeatAt { get; init; }

    /// <summary>When the run last showed it was alive: its claim or its last beat.</summary>
    public DateTime? LastAliveAt => BeatAt is { } beat && (HeartbeatAt is null || beat > HeartbeatAt) ? beat : HeartbeatAt;
    /// <summary>The last change of state (status, dispatch, step); progress moves <see cref="Version"/> only.</summary>
    public DateTime UpdatedAt { get; init; }
    public long Version { get; init; }

    /// <summary>The W3C traceparent of the request that submitted the task; every run continues that trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The API key whose request submitted the task (null for tasks the platform submits itself); its own in-flight cap applies.</summary>
    public Guid? ApiKeyId { get; init; }

    public TaskRunStatus RunStatus => TaskRunStatusNames.Parse(Status);

    public TaskPriority RunPriority => TaskPriorityNames.Parse(Priority);
}
