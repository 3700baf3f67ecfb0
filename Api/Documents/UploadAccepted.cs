using System.Text.Json.Serialization;
using TaskRunner.Api.Tasks;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Documents;

/// <summary>The answer to an upload that started an ingestion: the task envelope plus the document.</summary>
public sealed record UploadAccepted : TaskAccepted
{
    [JsonConstructor]
    public UploadAccepted()
    {
    }

    public UploadAccepted(TaskRecord task, Guid documentId, bool alreadyExisted)
        : base(task)
    {
        DocumentId = documentId;
        AlreadyExisted = alreadyExisted;
    }

    public Guid DocumentId { get; init; }

    /// <summary>True when the tenant already had this content and asked to index it again (<c>?reindex=true</c>).</summary>
    public bool AlreadyExisted { get; init; }
}
