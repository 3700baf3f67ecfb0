using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval.Graph;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Fencing;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Retrieval.Indexing;

/// <summary>
/// Ingestion's graph step, between chunking and embedding: builds the document's knowledge graph from its chunks
/// (<see cref="KnowledgeGraphBuilder"/>) and replaces its rows in one transaction fenced on the run, so a re-run
/// leaves exactly one graph per document and a run that lost the task writes nothing.
/// </summary>
public sealed class BuildGraphStep(DocumentStore documents, ChunkStore chunks, GraphStore graph) : IPipelineStep<NoInput>
{
    private const int PageSize = 1000;

    public async Task RunAsync(TaskRunContext<NoInput> context, CancellationToken ct)
    {
        var documentId = context.RequireDocumentId();
        var document = await documents.GetByIdAsync(documentId, ct)
            ?? throw new PermanentTaskException(TaskErrorCodes.DocumentMissing, $"Document {documentId} no longer exists.");
        await context.ReportAsync("graph", 0.88, "Linking key terms", ct);
        var all = new List<(int, string, string?)>();
        for (var page = 1; ; page++)
        {
            var (items, _) = await chunks.ListAsync(document.Id, page, PageSize, ct);
            all.AddRange(items.Select(c => (c.Ordinal, c.Text, c.Section)));
            if (items.Count < PageSize)
            {
                break;
            }
        }

        var built = KnowledgeGraphBuilder.Build(all);
        // A run that lost the task writes nothing here, and the tracker refuses its completion as well.
        await graph.ReplaceAsync(document.TenantId, document.Id, built, context.TaskId, context.Task.Runs, ct);
        context.ResultMessage = $"Linked {built.Nodes.Count} key terms with {built.Edges.Count} edges.";
    }

    public Task OnFailedAsync(TaskRecord task, TaskError error, TaskFence fence, CancellationToken ct) =>
        documents.SetFailedForTaskAsync(task, error, fence, ct);
}
