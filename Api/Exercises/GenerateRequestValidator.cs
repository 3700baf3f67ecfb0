using TaskRunner.Api.Problems;
using TaskRunner.Generation.Exercises;
using TaskRunner.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace TaskRunner.Api.Exercises;

/// <summary>Checks a generation request's shape and turns it into the task input; documents are checked by the endpoint.</summary>
public static class GenerateRequestValidator
{
    public const int MaxCount = 50;
    public const int MaxTopicLength = 500;
    public const int MaxTextLength = 50_000;
    public const int MaxDocuments = 20;

    public static readonly IReadOnlyList<string> AllowedTypes = WireName.All<ExerciseType>();
    public static readonly IReadOnlyList<string> AllowedDifficulties = WireName.All<Difficulty>();
    public static readonly IReadOnlyList<string> AllowedLanguages = ["zh", "en"];

    public static bool TryValidate(GenerateExercisesRequest? request, out ExerciseGenerationInput input, out ProblemHttpResult? problem)
    {
        input = null!;
        problem = Check(request);
        if (problem is not null)
        {
            return false;
        }

        input = new ExerciseGenerationInput(
            Blank(request!.Topic),
            Blank(request.Text),
            request.DocumentIds?.Distinct().ToList() ?? [],
            request.Count!.Value,
            request.Types!.Select(t => ExerciseTypeNames.Parse(t)!.Value).Distinct().ToList(),
            ParseDifficulty(request.Difficulty),
            request.Language?.Trim().ToLowerInvariant() ?? "zh");
        return true;
    }

    /// <summary>"zh" or "en" (any case), or null for the default; anything else is a 400 naming the allowed values.</summary>
    public static ProblemHttpResult? CheckLanguage(string? language) =>
        language is null || AllowedLanguages.Contains(language.Trim().ToLowerInvariant())
            ? null
            : ApiProblem.BadRequest("invalid_language", $"language '{language}' is not supported. Allowed: {string.Join(", ", AllowedLanguages)}.");

    private static ProblemHttpResult? Check(GenerateExercisesRequest? request)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest("body_missing", "Send a JSON body such as {\"topic\":\"光合作用\",\"count\":5,\"types\":[\"multiple_choice\"]}.");
        }

        if (Blank(request.Topic) is null && Blank(request.Text) is null && request.DocumentIds is not { Count: > 0 })
        {
            return ApiProblem.BadRequest("material_missing", "Give at least one of topic, text and documentIds.");
        }

        if (request.Topic?.Length > MaxTopicLength || request.Text?.Length > MaxTextLength)
        {
            return ApiProblem.BadRequest("material_too_long", $"topic may have at most {MaxTopicLength} characters and text at most {MaxTextLength}.");
        }

        if (request.DocumentIds?.Count > MaxDocuments)
        {
            return ApiProblem.BadRequest("too_many_documents", $"documentIds may name at most {MaxDocuments} documents.");
        }

        if (request.Count is not (>= 1 and <= MaxCount))
        {
            var got = request.Count is { } c ? $"got {c}" : "it is missing";
            return ApiProblem.BadRequest("invalid_count", $"count must be a whole number from 1 to {MaxCount}; {got}.");
        }

        if (request.Types is not { Count: > 0 })
        {
            return ApiProblem.BadRequest("invalid_type", $"types must list at least one of: {string.Join(", ", AllowedTypes)}.");
        }

        if (request.Types.FirstOrDefault(t => ExerciseTypeNames.Parse(t) is null) is { } unknown)
        {
            return ApiProblem.BadRequest("invalid_type", $"Unknown exercise type '{unknown}'. Allowed: {string.Join(", ", AllowedTypes)}.");
        }

        if (request.Difficulty is not null && !AllowedDifficulties.Contains(request.Difficulty.Trim().ToLowerInvariant()))
        {
            return ApiProblem.BadRequest("invalid_difficulty", $"difficulty '{request.Difficulty}' is not one of: {string.Join(", ", AllowedDifficulties)}.");
        }

        return CheckLanguage(request.Language);
    }

    private static Difficulty ParseDifficulty(string? value) => WireName.TryParse<Difficulty>(value, out var difficulty) ? difficulty : Difficulty.Medium;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
