using Npgsql;

namespace TaskRunner.Tasks.Outbox;

/// <summary>
/// Writes a submit makes besides the task row (a document, a reindex mark), run first in the submit's transaction.
/// Answers false to write nothing at all (the task is not created either).
/// </summary>
public delegate Task<bool> SubmitAlongside(NpgsqlTransaction transaction, CancellationToken ct);
