namespace TaskRunner.Tasks.Outbox;

/// <summary>
/// A write a submit makes besides the task row, run in the same statement as the task's insert: a data-modifying SQL
/// statement whose <c>RETURNING</c> yields one row when the task may be created and none when it may not (the document
/// was a duplicate). One autocommitted statement instead of a transaction's three round trips. Its parameter names must
/// not be the task's own (<c>@Id</c>, <c>@TenantId</c>, <c>@Type</c>, <c>@Queue</c>, <c>@InputJson</c>,
/// <c>@DocumentId</c>, <c>@priority</c>, <c>@traceParent</c>, <c>@apiKeyId</c>).
/// </summary>
public sealed record SubmitGuard(string Sql, object Parameters);
