using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Api.Problems;
using TaskRunner.Generation.Llm;
using TaskRunner.Generation.Prompts;

namespace TaskRunner.Api.Prompts;

/// <summary>Checks one prompt (a prompt task, or an item of a batch) and names the field at fault.</summary>
public static class PromptRequestValidator
{
    public const int MaxPromptLength = 32_000;
    public const int MaxSystemLength = 8_000;
    public const int MaxTokensLimit = 32_768;

    /// <summary>
    /// Null when the prompt is valid; else a 400 naming <paramref name="prefix"/> + the field (e.g. <c>items[3].prompt</c>).
    /// The model may be left out (null), when the batch or the configuration gives it.
    /// </summary>
    public static ProblemHttpResult? Check(
        string prefix, string? prompt, string? system, string? model, int? maxTokens, float? temperature, LlmOptions llm)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return ApiProblem.InvalidField("prompt_missing", prefix + "prompt", $"{prefix}prompt is required and must not be empty.");
        }

        if (prompt.Length > MaxPromptLength)
        {
            return ApiProblem.InvalidField("prompt_too_long", prefix + "prompt", $"{prefix}prompt may have at most {MaxPromptLength} characters; it has {prompt.Length}.");
        }

        if (system?.Length > MaxSystemLength)
        {
            return ApiProblem.InvalidField("prompt_too_long", prefix + "system", $"{prefix}system may have at most {MaxSystemLength} characters; it has {system.Length}.");
        }

        return CheckModel(prefix + "model", model, llm)
            ?? (maxTokens is not null and not (>= 1 and <= MaxTokensLimit)
                ? ApiProblem.InvalidField("invalid_max_tokens", prefix + "maxTokens", $"{prefix}maxTokens must be from 1 to {MaxTokensLimit}; got {maxTokens}.")
                : null)
            ?? (temperature is not null and not (>= 0 and <= 2)
                ? ApiProblem.InvalidField("invalid_temperature", prefix + "temperature", $"{prefix}temperature must be from 0 to 2; got {temperature}.")
                : null);
    }

    /// <summary>A 400 listing the allowed models (Llm__Models) when <paramref name="model"/> is not one of them.</summary>
    public static ProblemHttpResult? CheckModel(string field, string? model, LlmOptions llm) =>
        llm.Allows(model)
            ? null
            : ApiProblem.InvalidField("invalid_model", field, $"{field} '{model}' is not available. Allowed: {string.Join(", ", llm.AllowedModels)}.");

    public static PromptInput ToInput(string prompt, string? system, string? model, int? maxTokens, float? temperature) =>
        new(prompt, string.IsNullOrWhiteSpace(system) ? null : system, model, maxTokens, temperature);
}
