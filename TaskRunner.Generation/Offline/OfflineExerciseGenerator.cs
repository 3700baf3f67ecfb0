using TaskRunner.Generation.Exercises;

namespace TaskRunner.Generation.Offline;

/// <summary>
/// Makes exercises without an LLM, from the material's key sentences: fill in the blank (the sentence with its key
/// term blanked), multiple choice (the same, with other chunks' key terms as distractors), true/false (the sentence
/// as is, or with its key term swapped for another) and short answer (explain a key term). Deterministic for a seed;
/// only valid exercises are returned, which may be fewer than asked for when the material is thin.
/// </summary>
public sealed class OfflineExerciseGenerator(int seed = 20240601)
{
    public const string GeneratorName = "offline";

    public ExerciseGenerationResult Generate(ExerciseRequest request)
    {
        var chunks = request.ContextChunks.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            chunks.Add(request.Text);
        }
        var material = MaterialText.Analyze(chunks);
        var writer = new OfflineQuestionWriter(ExercisePromptBuilder.IsChinese(request.Language), material.IsChinese, request.Difficulty);
        var random = new Random(seed);
        var candidates = material.Sentences
            .SelectMany(s => s.Terms.Take(2).Select((term, rank) => (Sentence: s, Term: term, Rank: rank)))
            .OrderBy(c => c.Rank)
            .ThenByDescending(c => c.Sentence.Score)
            .ThenBy(c => c.Sentence.Position)
            .ToList();
        var usedSentences = new HashSet<int>();
        var usedPairs = new HashSet<(int, string, ExerciseType)>();
        var usedQuestions = new HashSet<string>(StringComparer.Ordinal);
        var exercises = new List<GeneratedExercise>();
        foreach (var type in ExercisePlan.Sequence(request.Count, request.Types))
        {
            var made = TryMake(type, preferFresh: true) ?? TryMake(type, preferFresh: false);
            if (made is not null)
            {
                exercises.Add(made);
            }
        }
        return new ExerciseGenerationResult(exercises, GeneratorName);

        GeneratedExercise? TryMake(ExerciseType type, bool preferFresh)
        {
            foreach (var (sentence, term, _) in candidates)
            {
                if ((preferFresh && usedSentences.Contains(sentence.Position)) || usedPairs.Contains((sentence.Position, term, type)))
                {
                    continue;
                }
                var distractors = Distractors(material, sentence, term, random);
                var exercise = type switch
                {
                    ExerciseType.MultipleChoice when distractors.Count > 0 => writer.MultipleChoice(sentence, term, distractors, random),
                    ExerciseType.MultipleChoice => null,
                    ExerciseType.FillInBlank => writer.FillInBlank(sentence, term),
                    ExerciseType.TrueFalse => writer.TrueFalse(sentence, term, distractors, random),
                    _ => writer.ShortAnswer(sentence, term),
                };
                if (exercise is null || !ExerciseValidator.IsValid(exercise) || !usedQuestions.Add(exercise.Question))
                {
                    continue;
                }
                usedSentences.Add(sentence.Position);
                usedPairs.Add((sentence.Position, term, type));
                return exercise;
            }
            return null;
        }
    }

    /// <summary>Up to three other key terms, from other chunks first, similar in length, not already in the sentence.</summary>
    private static List<string> Distractors(MaterialText material, MaterialSentence sentence, string answer, Random random)
    {
        var pool = material.Terms
            .Where(t => t.Text != answer
                        && !t.Text.Contains(answer, StringComparison.OrdinalIgnoreCase)
                        && !answer.Contains(t.Text, StringComparison.OrdinalIgnoreCase)
                        && !sentence.Text.Contains(t.Text, StringComparison.Ordinal)
                        && char.IsUpper(t.Text[0]) == char.IsUpper(answer[0]))
            .OrderBy(t => t.Chunks.Contains(sentence.ChunkIndex) && t.Chunks.Count == 1 ? 1 : 0)
            .ThenBy(t => Math.Abs(t.Text.Length - answer.Length))
            .ThenByDescending(t => t.Score)
            .Take(8)
            .Select(t => t.Text)
            .ToList();
        // Deterministic shuffle of the best few, so the same material does not always give the same distractors first.
        for (var i = pool.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        var picked = new List<string>(3);
        foreach (var term in pool)
        {
            if (picked.Count == 3)
            {
                break;
            }
            if (!picked.Any(p => p.Contains(term, StringComparison.OrdinalIgnoreCase) || term.Contains(p, StringComparison.OrdinalIgnoreCase)))
            {
                picked.Add(term);
            }
        }
        return picked;
    }
}
