using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Api.Tasks;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Ingestion.Parsing;
using TaskRunner.Ingestion.Storage;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Documents;

public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/documents").WithTags("Documents");
        group.MapPost("/", UploadAsync).WithName("UploadDocument").DisableAntiforgery()
            .WithSummary("Upload a document (multipart field 'file', optional 'title'); answers 202 with the ingestion task.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetDocument");
        group.MapGet("/", ListAsync).WithName("ListDocuments");
        group.MapGet("/{id:guid}/chunks", ChunksAsync).WithName("ListDocumentChunks");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteDocument")
            .WithSummary("Deletes a document's vectors, chunks, row and file in a task; answers 202 with the task, 409 while it is being ingested.");
        return app;
    }

    private static async Task<IResult> UploadAsync(
        HttpContext http, bool? reindex, FileStorage storage, DocumentTypeDetector detector, DocumentStore documents,
        TaskSubmitter submitter, IOptions<StorageOptions> storageOptions, CancellationToken ct)
    {
        var maxBytes = storageOptions.Value.MaxUploadBytes;
        const long multipartOverhead = 1024 * 1024;
        if (http.Request.ContentLength > maxBytes + multipartOverhead)
        {
            return ApiProblem.Create(413, "file_too_large", "The file is too large", $"The file is larger than the limit of {maxBytes / (1024 * 1024.0):0.#} MB.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = maxBytes + multipartOverhead;
        }

        var upload = await MultipartUpload.ReadAsync(http.Request, storage, maxBytes, ct);
        if (upload.Failure is { } failure)
        {
            return ApiProblem.Create(failure.Status, failure.Code, "The upload was not accepted", failure.Detail);
        }

        var stored = upload.File!;
        try
        {
            return await AcceptStoredUploadAsync(http, reindex, storage, detector, documents, submitter, upload, stored, ct);
        }
        catch
        {
            // Not acknowledged, so not kept: the client will send it again.
            MultipartUpload.DeleteQuietly(storage, stored);
            throw;
        }
    }

    private static async Task<IResult> AcceptStoredUploadAsync(
        HttpContext http, bool? reindex, FileStorage storage, DocumentTypeDetector detector, DocumentStore documents,
        TaskSubmitter submitter, UploadReadResult upload, StoredFile stored, CancellationToken ct)
    {
        var detection = await detector.DetectAsync(storage.GetFullPath(stored.RelativePath), upload.FileName, ct);
        if (!detection.IsSupported)
        {
            MultipartUpload.DeleteQuietly(storage, stored);
            var status = detection.ErrorCode == DocumentErrorCodes.EmptyDocument ? 400 : 415;
            return ApiProblem.Create(status, detection.ErrorCode ?? "unsupported_media_type", "The file type is not supported", detection.Message ?? "Unsupported file type.");
        }

        var tenant = RequestTenant.Of(http);
        if (await documents.FindByHashAsync(tenant, stored.Sha256, ct) is { } existing)
        {
            MultipartUpload.DeleteQuietly(storage, stored);
            if (reindex != true)
            {
                var lastTask = existing.LastTaskId;
                return TypedResults.Ok(new UploadAccepted(existing.Id, lastTask, lastTask is { } t ? TaskResponse.StatusUrlOf(t) : null,
                    lastTask is { } e ? TaskResponse.EventsUrlOf(e) : null, AlreadyExisted: true, existing.Status));
            }

            var reindexTask = await SubmitIngestionAsync(submitter, tenant, existing.Id, ct);
            await documents.SetLastTaskAsync(existing.Id, reindexTask.Id, ct);
            return Accepted(existing.Id, reindexTask, alreadyExisted: true);
        }

        return await CreateDocumentAsync(documents, submitter, tenant, upload, stored, detection.Kind!.Value, http.Request.ContentType, ct);
    }

    private static async Task<IResult> CreateDocumentAsync(
        DocumentStore documents, TaskSubmitter submitter, string tenant, UploadReadResult upload, StoredFile stored, DocumentKind kind, string? contentType, CancellationToken ct)
    {
        var documentId = Guid.NewGuid();
        var taskId = Guid.NewGuid();
        await documents.InsertAsync(new DocumentRecord
        {
            Id = documentId,
            TenantId = tenant,
            Title = upload.Title,
            FileName = upload.FileName,
            ContentType = contentType,
            Kind = kind.ToString().ToLowerInvariant(),
            SizeBytes = stored.Size,
            Sha256 = stored.Sha256,
            StoragePath = stored.RelativePath,
            Status = DocumentStatuses.Pending,
            LastTaskId = taskId,
        }, ct);
        var task = await SubmitIngestionAsync(submitter, tenant, documentId, ct, taskId);
        return Accepted(documentId, task, alreadyExisted: false);
    }

    private static Task<TaskRecord> SubmitIngestionAsync(TaskSubmitter submitter, string tenant, Guid documentId, CancellationToken ct, Guid? taskId = null) =>
        submitter.SubmitAsync(new NewTask(taskId ?? Guid.NewGuid(), tenant, TaskTypes.IngestDocument, TaskPipelines.FirstQueueOf(TaskTypes.IngestDocument), null, documentId), ct);

    private static IResult Accepted(Guid documentId, TaskRecord task, bool alreadyExisted) =>
        TypedResults.Accepted(TaskResponse.StatusUrlOf(task.Id),
            new UploadAccepted(documentId, task.Id, TaskResponse.StatusUrlOf(task.Id), TaskResponse.EventsUrlOf(task.Id), alreadyExisted, DocumentStatuses.Pending));

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, DocumentStore documents, CancellationToken ct) =>
        await documents.GetAsync(RequestTenant.Of(http), id, ct) is { } document
            ? TypedResults.Ok(DocumentResponse.From(document))
            : ApiProblem.NotFound("Document", id);

    private static async Task<IResult> ListAsync(string? page, string? pageSize, HttpContext http, DocumentStore documents, CancellationToken ct)
    {
        if (!Paging.TryParse(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }

        var (items, total) = await documents.ListAsync(RequestTenant.Of(http), paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new PagedResponse<DocumentResponse>(items.Select(DocumentResponse.From).ToList(), paging.Page, paging.PageSize, total));
    }

    private static async Task<IResult> ChunksAsync(Guid id, string? page, string? pageSize, HttpContext http, DocumentStore documents, ChunkStore chunks, CancellationToken ct)
    {
        if (!Paging.TryParse(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }

        if (await documents.GetAsync(RequestTenant.Of(http), id, ct) is null)
        {
            return ApiProblem.NotFound("Document", id);
        }

        var (items, total) = await chunks.ListAsync(id, paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new PagedResponse<ChunkResponse>(items.Select(ChunkResponse.From).ToList(), paging.Page, paging.PageSize, total));
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, DocumentDeletionStore deletions, TaskSubmitter submitter, TaskStore tasks, CancellationToken ct)
    {
        var tenant = RequestTenant.Of(http);
        var taskId = Guid.NewGuid();
        var request = await deletions.RequestAsync(tenant, id, taskId, TaskTypes.IngestDocument, TaskTypes.DeleteDocument, ct);
        switch (request.Outcome)
        {
            case DeletionRequestOutcome.NotFound:
                return ApiProblem.NotFound("Document", id);
            case DeletionRequestOutcome.Busy:
                return ApiProblem.Create(StatusCodes.Status409Conflict, "document_busy", "The document is being ingested",
                    $"Document {id} has an ingestion task that is queued or running. Wait until it ends, or cancel it, then delete the document.");
            case DeletionRequestOutcome.AlreadyDeleting when await tasks.GetAsync(tenant, request.TaskId!.Value, ct) is { } running:
                return TypedResults.Accepted(TaskResponse.StatusUrlOf(running.Id), TaskResponse.From(running));
        }

        var task = await submitter.SubmitAsync(new NewTask(taskId, tenant, TaskTypes.DeleteDocument, TaskPipelines.FirstQueueOf(TaskTypes.DeleteDocument), null, id), ct);
        return TypedResults.Accepted(TaskResponse.StatusUrlOf(task.Id), TaskResponse.From(task));
    }
}
