namespace TaskRunner.Worker.Hosting;

/// <summary>Names this process in the task rows it claims: host, pid and a random suffix.</summary>
public sealed class WorkerIdentity
{
    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
}
