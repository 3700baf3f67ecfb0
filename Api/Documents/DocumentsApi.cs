using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Api.Tasks;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Ingestion.Parsing;
using TaskRunner.Ingestion.Storage;
using TaskRunner.Retrieval.Indexing;

namespace TaskRunner.Api.Documents;

public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/documents").WithTags("Documents");
        group.MapPost("/", UploadAsync).WithName("UploadDocument").DisableAntiforgery()
            .WithSummary("Upload a document (multipart field 'file', optional 'title'); answers 202 with the ingestion task.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetDocument").WithSummary("A document and its ingestion status.");
        group.MapGet("/", ListAsync).WithName("ListDocuments").WithSummary("The tenant's documents, newest first.");
        group.MapGet("/{id:guid}/chunks", ChunksAsync).WithName("ListDocumentChunks").WithSummary("A document's chunks in reading order.");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteDocument")
            .WithSummary("Deletes a document's vectors, chunks, row and file in a task; answers 202 with the task, 409 while it is being ingested.");
        return app;
    }

    private static async Task<Results<Accepted<UploadAccepted>, Ok<ExistingDocument>, ProblemHttpResult>> UploadAsync(
        HttpContext http, RequestTenant tenant, bool? reindex, FileStorage storage, DocumentTypeDetector detector, DocumentIntake intake,
        IOptions<StorageOptions> storageOptions, CancellationToken ct)
    {
        var maxBytes = storageOptions.Value.MaxUploadBytes;
        const long multipartOverhead = 1024 * 1024;
        if (http.Request.ContentLength > maxBytes + multipartOverhead)
        {
            return ApiProblem.Create(413, DocumentErrorCodes.FileTooLarge, "The file is too large", $"The file is larger than the limit of {maxBytes / (1024 * 1024.0):0.#} MB.");
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
        var keep = false;
        try
        {
            var detection = await detector.DetectAsync(stored, storage.GetFullPath(stored.RelativePath), upload.FileName, ct);
            if (!detection.IsSupported)
            {
                var status = detection.ErrorCode == DocumentErrorCodes.EmptyDocument ? 400 : 415;
                return ApiProblem.Create(status, detection.ErrorCode ?? DocumentErrorCodes.UnsupportedMediaType, "The file type is not supported",
                    detection.Message ?? "Unsupported file type.");
            }

            var outcome = await intake.AcceptAsync(tenant.Id, new NewUpload(stored, upload.FileName, upload.Title, detection.Kind!.Value),
                reindex == true, ct);
            keep = !outcome.Duplicate;
            if (outcome.Busy)
            {
                return ApiProblem.Create(StatusCodes.Status409Conflict, "document_busy", "The document is being ingested",
                    $"Document {outcome.Document.Id} has an ingestion task that is queued or running. Wait until it ends, or cancel it, then index it again.");
            }

            return outcome.Task is { } task
                ? TypedResults.Accepted(TaskResponse.StatusUrlOf(task.Id), new UploadAccepted(task, outcome.Document.Id, outcome.Duplicate))
                : TypedResults.Ok(ExistingDocumentOf(outcome.Document));
        }
        finally
        {
            if (!keep)
            {
                // A duplicate keeps the first copy; a refused or failed upload was not acknowledged, so it is not kept.
                MultipartUpload.DeleteQuietly(storage, stored);
            }
        }
    }

    private static ExistingDocument ExistingDocumentOf(DocumentRecord document) => new(
        document.Id, AlreadyExisted: true, document.Status, document.LastTaskId,
        document.LastTaskId is { } t ? TaskResponse.StatusUrlOf(t) : null,
        document.LastTaskId is { } e ? TaskResponse.EventsUrlOf(e) : null);

    private static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> GetAsync(
        Guid id, RequestTenant tenant, DocumentStore documents, CancellationToken ct) =>
        await documents.GetAsync(tenant.Id, id, ct) is { } document
            ? TypedResults.Ok(DocumentResponse.From(document))
            : ApiProblem.NotFound("Document", id);

    private static async Task<Results<Ok<PagedResponse<DocumentResponse>>, ProblemHttpResult>> ListAsync(
        [AsParameters] PageQuery query, RequestTenant tenant, DocumentStore documents, CancellationToken ct)
    {
        if (!query.TryRead(out var paging, out var problem))
        {
            return problem!;
        }

        var (items, total) = await documents.ListAsync(tenant.Id, paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new PagedResponse<DocumentResponse>(items.Select(DocumentResponse.From).ToList(), paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<Ok<PagedResponse<ChunkResponse>>, ProblemHttpResult>> ChunksAsync(
        Guid id, [AsParameters] PageQuery query, RequestTenant tenant, DocumentStore documents, ChunkStore chunks, CancellationToken ct)
    {
        if (!query.TryRead(out var paging, out var problem))
        {
            return problem!;
        }

        if (await documents.GetAsync(tenant.Id, id, ct) is null)
        {
            return ApiProblem.NotFound("Document", id);
        }

        var (items, total) = await chunks.ListAsync(id, paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new PagedResponse<ChunkResponse>(items.Select(ChunkResponse.From).ToList(), paging.Page, paging.PageSize, total));
    }

    private static async Task<Results<Accepted<TaskAccepted>, ProblemHttpResult>> DeleteAsync(
        Guid id, RequestTenant tenant, DocumentIntake intake, CancellationToken ct)
    {
        var (outcome, task) = await intake.DeleteAsync(tenant.Id, id, ct);
        return outcome switch
        {
            DeletionRequestOutcome.Busy => ApiProblem.Create(StatusCodes.Status409Conflict, "document_busy", "The document is being ingested",
                $"Document {id} has an ingestion task that is queued or running. Wait until it ends, or cancel it, then delete the document."),
            _ when task is null => ApiProblem.NotFound("Document", id),
            _ => TaskAccepted.Result(task),
        };
    }
}
