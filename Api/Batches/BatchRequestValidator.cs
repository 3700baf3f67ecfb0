using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Api.Problems;
using TaskRunner.Api.Prompts;
using TaskRunner.Generation.Llm;
using TaskRunner.Generation.Prompts;

namespace TaskRunner.Api.Batches;

/// <summary>Checks a whole batch before anything is stored; the first fault is a 400 that names its field (<c>items[3].prompt</c>).</summary>
public static class BatchRequestValidator
{
    public const int MaxItems = 10_000;

    public static bool TryValidate(BatchRequest? request, LlmOptions llm, out IReadOnlyList<PromptInput> items, out ProblemHttpResult? problem)
    {
        items = [];
        problem = Check(request, llm);
        if (problem is not null)
        {
            return false;
        }

        items = request!.Items!.Select(i => PromptRequestValidator.ToInput(i.Prompt!, i.System, i.Model, i.MaxTokens, i.Temperature)).ToList();
        return true;
    }

    private static ProblemHttpResult? Check(BatchRequest? request, LlmOptions llm)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest("body_missing", "Send a JSON body such as {\"items\":[{\"prompt\":\"Translate 'photosynthesis' into Chinese.\"}]}.");
        }

        if (request.Items is not { Count: > 0 })
        {
            return ApiProblem.InvalidField("items_missing", "items", "items must list at least one prompt.");
        }

        if (request.Items.Count > MaxItems)
        {
            return ApiProblem.InvalidField("too_many_items", "items", $"items may list at most {MaxItems} prompts; it lists {request.Items.Count}. Split the batch.");
        }

        if (PromptRequestValidator.CheckModel("model", request.Model, llm) is { } badModel)
        {
            return badModel;
        }

        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            if (item is null)
            {
                return ApiProblem.InvalidField("prompt_missing", $"items[{i}]", $"items[{i}] must be an object with a prompt.");
            }

            var prefix = string.Create(CultureInfo.InvariantCulture, $"items[{i}].");
            if (PromptRequestValidator.Check(prefix, item.Prompt, item.System, item.Model, item.MaxTokens, item.Temperature, llm) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}
