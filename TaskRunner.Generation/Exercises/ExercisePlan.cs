namespace TaskRunner.Generation.Exercises;

/// <summary>How many exercises of each requested type: the count spread as evenly as possible, earlier types first.</summary>
public static class ExercisePlan
{
    public static IReadOnlyList<(ExerciseType Type, int Count)> Distribute(int count, IReadOnlyList<ExerciseType> types)
    {
        var distinct = types.Count == 0 ? [ExerciseType.MultipleChoice] : types.Distinct().ToList();
        return distinct
            .Select((type, i) => (type, count / distinct.Count + (i < count % distinct.Count ? 1 : 0)))
            .Where(p => p.Item2 > 0)
            .ToList();
    }

    /// <summary>The plan as a sequence of types, interleaved (mc, tf, mc, tf, mc) so a partial result stays mixed.</summary>
    public static IReadOnlyList<ExerciseType> Sequence(int count, IReadOnlyList<ExerciseType> types)
    {
        var remaining = Distribute(count, types).Select(p => (p.Type, Left: p.Count)).ToList();
        var sequence = new List<ExerciseType>(count);
        while (sequence.Count < count && remaining.Any(r => r.Left > 0))
        {
            for (var i = 0; i < remaining.Count; i++)
            {
                if (remaining[i].Left > 0)
                {
                    sequence.Add(remaining[i].Type);
                    remaining[i] = (remaining[i].Type, remaining[i].Left - 1);
                }
            }
        }
        return sequence;
    }
}
