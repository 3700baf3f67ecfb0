using System.Text.Json;
using TaskRunner.Generation.Exercises;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Exercises;

/// <summary>An exercise as clients see it, answer and explanation included.</summary>
public sealed record ExerciseResponse(
    Guid Id,
    Guid TaskId,
    IReadOnlyList<Guid> DocumentIds,
    int Ordinal,
    string Type,
    string Question,
    IReadOnlyList<ExerciseOption> Options,
    string Answer,
    string? Explanation,
    string Difficulty,
    string Language,
    JsonElement? Source,
    string Generator,
    DateTime CreatedAt)
{
    public static ExerciseResponse From(ExerciseRecord e) => new(
        e.Id, e.TaskId, e.DocumentIds, e.Ordinal, e.Type, e.Question, e.OptionList, e.Answer, e.Explanation, e.Difficulty,
        e.Language, TaskJson.ParseOrNull(e.Source), e.Generator, DateTime.SpecifyKind(e.CreatedAt, DateTimeKind.Utc));
}
