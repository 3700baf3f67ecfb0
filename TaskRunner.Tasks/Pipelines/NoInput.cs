namespace TaskRunner.Tasks.Pipelines;

/// <summary>The input of task types that need nothing beyond their row (a document task reads <c>document_id</c>).</summary>
public sealed record NoInput
{
    public static readonly NoInput Value = new();
}
