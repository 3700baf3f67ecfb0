using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using TaskRunner.Api.Exercises;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Tasks;
using TaskRunner.Generation.Exercises;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Mcp;

/// <summary>MCP tools that generate and list exercises, through the same validator and submitter as the endpoints.</summary>
[McpServerToolType]
public sealed class ExerciseTools(McpTenant tenant, DocumentStore documents, TaskSubmitter submitter, ExerciseStore exercises)
{
    [McpServerTool(Name = "generate_exercises"), Description("Starts a task that writes exercises from documents and/or a topic. Answers with the task; wait_for_task follows it, list_exercises reads the result.")]
    public async Task<TaskAccepted> GenerateExercisesAsync(
        [Description("Documents to write from (ids from list_documents or add_document_*).")] IReadOnlyList<Guid>? documentIds = null,
        [Description("A topic, with or without documents.")] string? topic = null,
        [Description("How many exercises, 1 to 50.")] int count = 5,
        [Description("Types from multiple_choice, fill_in_blank, true_false, short_answer.")] IReadOnlyList<string>? types = null,
        [Description("easy, medium or hard.")] string? difficulty = null,
        [Description("zh or en.")] string? language = null,
        CancellationToken cancellationToken = default)
    {
        var request = new GenerateExercisesRequest(topic, null, documentIds, count, types ?? ["multiple_choice"], difficulty, language);
        if (!GenerateRequestValidator.TryValidate(request, out var input, out var problem))
        {
            throw new McpException(problem!.ProblemDetails.Detail ?? "The request is not valid.");
        }

        foreach (var documentId in input.DocumentIds)
        {
            if (await documents.GetAsync(tenant.Id, documentId, cancellationToken) is null or { Status: DocumentStatuses.Deleting })
            {
                throw new McpException($"No document with id {documentId} exists.");
            }
        }

        var task = await submitter.SubmitAsync(ExerciseTasks.Generate, tenant.Id, input, cancellationToken, input.DocumentIds.Count == 1 ? input.DocumentIds[0] : null);
        return new TaskAccepted(task);
    }

    [McpServerTool(Name = "list_exercises", ReadOnly = true), Description("The tenant's exercises with answers and explanations, filtered by document or by the generating task.")]
    public async Task<PagedResponse<ExerciseResponse>> ListExercisesAsync(
        [Description("Only exercises written from this document.")] Guid? documentId = null,
        [Description("Only exercises written by this task.")] Guid? taskId = null,
        [Description("Page number, from 1.")] int page = 1,
        [Description("Exercises per page, 1 to 100.")] int pageSize = 20,
        CancellationToken cancellationToken = default)
    {
        var paging = McpPaging.Check(page, pageSize);
        var (items, total) = await exercises.ListAsync(tenant.Id, documentId, taskId, paging.Page, paging.PageSize, cancellationToken);
        return new PagedResponse<ExerciseResponse>(items.Select(ExerciseResponse.From).ToList(), paging.Page, paging.PageSize, total);
    }
}
