using TaskRunner.Tasks.Persistence;

namespace TaskRunner.Tasks;

/// <summary>
/// Task ids for one idempotent request: inside <see cref="Begin"/>, the n-th task the request submits gets an id derived
/// from the key's seed and n, so when a retry runs the endpoint again (its first attempt died after submitting) the
/// submitter finds the task already there and returns it instead of creating a second one.
/// </summary>
public static class IdempotentSubmission
{
    private static readonly Guid Namespace = new("5d3c8f0e-7a41-4c8e-9a52-1f6b2d7e4c19");
    private static readonly AsyncLocal<Sequence?> Current = new();

    /// <summary>Ids of tasks submitted on this async flow derive from <paramref name="seed"/> until the result is disposed.</summary>
    public static IDisposable Begin(Guid seed)
    {
        var previous = Current.Value;
        Current.Value = new Sequence(seed);
        return new Scope(previous);
    }

    /// <summary>The next derived id, or null outside an idempotent request.</summary>
    internal static Guid? NextTaskId() => Current.Value?.Next();

    private sealed class Sequence(Guid seed)
    {
        private int count;

        public Guid Next() => DeterministicGuid.Create(Namespace, $"{seed:N}:{Interlocked.Increment(ref count)}");
    }

    private sealed class Scope(Sequence? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
