using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Api.Tasks;
using TaskRunner.Generation.Llm;
using TaskRunner.Generation.Prompts;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Prompts;

public static class PromptsApi
{
    public static IEndpointRouteBuilder MapPromptsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/tasks").WithTags("Tasks")
            .MapPost("/", SubmitAsync).WithName("SubmitPrompt")
            .WithSummary("Runs a prompt on the LLM as an llm.prompt task at low, normal or high priority; its events stream the tokens, its result holds the completion and usage.");
        return app;
    }

    private static async Task<Results<Accepted<TaskAccepted>, ProblemHttpResult>> SubmitAsync(
        PromptRequest? request, RequestTenant tenant, IOptions<LlmOptions> llm, TaskSubmitter submitter, CancellationToken ct)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest("body_missing", "Send a JSON body such as {\"prompt\":\"Explain photosynthesis in one sentence.\",\"priority\":\"high\"}.");
        }

        if (PromptRequestValidator.Check("", request.Prompt, request.System, request.Model, request.MaxTokens, request.Temperature, llm.Value) is { } problem)
        {
            return problem;
        }

        var input = PromptRequestValidator.ToInput(request.Prompt!, request.System, request.Model, request.MaxTokens, request.Temperature);
        var task = await submitter.SubmitAsync(PromptTasks.Complete, tenant.Id, input, ct, priority: request.Priority ?? TaskPriority.Normal);
        return TaskAccepted.Result(task);
    }
}
