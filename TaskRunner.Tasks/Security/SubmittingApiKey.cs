namespace TaskRunner.Tasks.Security;

/// <summary>
/// The API key whose request is running on this async flow. The Api sets it for every authenticated request, and the
/// submit outbox records it on each task it writes, so a key's own in-flight cap can find that key's tasks without
/// every endpoint passing the key along.
/// </summary>
public static class SubmittingApiKey
{
    private static readonly AsyncLocal<Guid?> current = new();

    /// <summary>The key of the request on this flow, or null (a CLI command, a Worker's own maintenance).</summary>
    public static Guid? Current => current.Value;

    /// <summary>Sets the key for this flow and what it starts; dispose to restore the previous one.</summary>
    public static IDisposable Enter(Guid keyId)
    {
        var previous = current.Value;
        current.Value = keyId;
        return new Scope(previous);
    }

    private sealed class Scope(Guid? previous) : IDisposable
    {
        public void Dispose() => current.Value = previous;
    }
}
