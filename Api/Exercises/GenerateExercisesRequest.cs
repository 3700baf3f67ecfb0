namespace TaskRunner.Api.Exercises;

/// <summary>
/// POST /api/v1/exercises/generate. At least one of topic, text and documentIds; types from multiple_choice,
/// fill_in_blank, true_false, short_answer; difficulty easy|medium|hard (default medium); language zh|en (default zh).
/// </summary>
public sealed record GenerateExercisesRequest(
    string? Topic,
    string? Text,
    IReadOnlyList<Guid>? DocumentIds,
    int? Count,
    IReadOnlyList<string>? Types,
    string? Difficulty,
    string? Language);
