using Dapper;

namespace TaskRunner.Tasks.Outbox;

/// <summary>
/// A write a submit makes besides the task row, run in the same statement as the task's insert, for a whole batch of
/// submits at once (<see cref="SubmitBatcher"/>): a data-modifying SQL statement over arrays of the batch's guard rows
/// whose <c>RETURNING</c> yields, as <c>task_id</c>, each task that may be created; a task it does not return is not
/// created (its document was a duplicate). One autocommitted statement instead of a transaction's round trips. Its
/// parameter names must not be the task arrays' own (<c>@ids</c>, <c>@tenantIds</c>, <c>@types</c>, <c>@queues</c>,
/// <c>@inputs</c>, <c>@documentIds</c>, <c>@priorities</c>, <c>@traceParents</c>, <c>@apiKeyIds</c>). One instance per
/// kind of guard: the submitter keeps a batcher per instance.
/// </summary>
public abstract class SubmitGuard
{
    /// <summary>The statement, returning <c>task_id</c> for each task that may be created.</summary>
    public abstract string Sql { get; }

    internal abstract void AddParameters(DynamicParameters parameters, IReadOnlyList<object> rows);
}

/// <summary>A <see cref="SubmitGuard"/> whose rows, one per submit, are <typeparamref name="TRow"/>.</summary>
public abstract class SubmitGuard<TRow> : SubmitGuard
    where TRow : class
{
    /// <summary>The statement's parameters (arrays, one element per row, in the rows' order) for <paramref name="rows"/>.</summary>
    protected abstract object ParametersOf(IReadOnlyList<TRow> rows);

    internal sealed override void AddParameters(DynamicParameters parameters, IReadOnlyList<object> rows) =>
        parameters.AddDynamicParams(ParametersOf(rows.Cast<TRow>().ToList()));
}
