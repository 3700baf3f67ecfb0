using System.Text.Json;
using TaskRunner.Generation.Exercises;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Fencing;

namespace TaskRunner.Generation.Exercises;

/// <summary>Saves a generation task's exercises at their ordinals (deterministic ids, upserts), with their sources.</summary>
public sealed class ExerciseSink(
    ExerciseStore store,
    TaskRecord task,
    ExerciseGenerationInput input,
    ExerciseMaterial material,
    string generator,
    TaskFence fence)
{
    private readonly SortedDictionary<int, Guid> saved = [];

    /// <summary>Ids of the exercises saved and not deleted since, in ordinal order.</summary>
    public IReadOnlyList<Guid> SavedIds => saved.Values.ToList();

    public int SavedCount => saved.Count;

    public async Task SaveAsync(int ordinal, GeneratedExercise exercise, CancellationToken ct)
    {
        var id = ExerciseIds.For(task.Id, ordinal);
        await store.UpsertAsync(new ExerciseRecord
        {
            Id = id,
            TenantId = task.TenantId,
            TaskId = task.Id,
            DocumentIds = input.DocumentIds.ToArray(),
            Ordinal = ordinal,
            Type = ExerciseTypeNames.Wire(exercise.Type),
            Question = exercise.Question,
            Options = JsonSerializer.Serialize(exercise.Options, ExerciseJson.Options),
            Answer = exercise.Answer,
            Explanation = exercise.Explanation,
            Difficulty = ExerciseTypeNames.Wire(exercise.Difficulty),
            Language = input.Language,
            Source = SourceJson(exercise),
            Generator = generator,
        }, ct, fence);
        saved[ordinal] = id;
    }

    public async Task DeleteAsync(IReadOnlyCollection<int> ordinals, CancellationToken ct)
    {
        if (ordinals.Count == 0)
        {
            return;
        }

        await store.DeleteForTaskAsync(task.Id, ordinals, ct, fence);
        foreach (var ordinal in ordinals)
        {
            saved.Remove(ordinal);
        }
    }

    /// <summary>The passages the exercise cites (the prompt numbers them from 1), resolved to documents and chunks.</summary>
    private string? SourceJson(GeneratedExercise exercise)
    {
        var chunks = exercise.SourceChunkOrdinals
            .Where(n => n >= 1 && n <= material.Sources.Count)
            .Distinct()
            .Select(n => material.Sources[n - 1] is { } c
                ? (object)new { passage = n, documentId = c.DocumentId, chunkOrdinal = c.Ordinal, page = c.Page, section = c.Section }
                : new { passage = n })
            .ToList();
        return chunks.Count == 0 && exercise.Source is null ? null : TaskJson.Serialize(new { chunks, text = exercise.Source });
    }
}
