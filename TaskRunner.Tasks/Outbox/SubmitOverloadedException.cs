namespace TaskRunner.Tasks.Outbox;

/// <summary>
/// A submit waited longer than the connection pool's <c>Timeout</c> for its turn to be written, every insert slot being
/// busy: the database cannot take more work right now. Nothing of the submit was written. The Api answers 503
/// <c>overloaded</c> with Retry-After, as it does when no pooled connection frees up in time.
/// </summary>
public sealed class SubmitOverloadedException(TimeSpan waited)
    : Exception($"The submit waited {waited.TotalSeconds:0.#} s for the database without being written; nothing was stored.");
