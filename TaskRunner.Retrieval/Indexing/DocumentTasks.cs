using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Retrieval.Indexing;

/// <summary>Task types that make documents searchable, and undo it. Their document is the task's <c>document_id</c>.</summary>
public static class DocumentTasks
{
    /// <summary>Parses and chunks an upload and links its key terms (knowledge graph) on the ingest queue, then embeds its chunks on the embed queue.</summary>
    public static readonly TaskDefinition<NoInput> Ingest = TaskDefinition.For<NoInput>("document.ingest")
        .Then<ExtractStep>(TaskQueues.Ingest)
        .Then<BuildGraphStep>(TaskQueues.Ingest)
        .Then<EmbedStep>(TaskQueues.Embed);

    /// <summary>Removes a document's vectors, chunks, row and stored file.</summary>
    public static readonly TaskDefinition<NoInput> Delete = TaskDefinition.For<NoInput>("document.delete")
        .Then<DeleteDocumentStep>(TaskQueues.Ingest);

    /// <summary>Repairs one tenant's vectors against its chunks: embeds chunks without vectors, deletes vectors without chunks.</summary>
    public static readonly TaskDefinition<NoInput> ReconcileVectors = TaskDefinition.For<NoInput>("vectors.reconcile")
        .Then<ReconcileVectorsStep>(TaskQueues.Embed);
}
