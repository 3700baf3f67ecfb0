namespace TaskRunner.Generation.Exercises;

/// <summary>
/// One item found in an LLM reply, in order (<paramref name="Index"/> from 0). Either <paramref name="Exercise"/>
/// is set (parsed and normalised, not yet validated) or <paramref name="Error"/> says why the item could not be read.
/// </summary>
public sealed record ExerciseParseItem(int Index, GeneratedExercise? Exercise, string RawJson, string? Error)
{
    public bool IsParsed => Exercise is not null;
}
