using TaskRunner.Generation.Exercises;
using TaskRunner.Generation.Materials;

namespace TaskRunner.Generation.Offline;

/// <summary>
/// Analyses material without an LLM: an extractive summary (the best sentences, in reading order), key points,
/// a difficulty from sentence length and vocabulary, and the exercise types the material supports.
/// </summary>
public sealed class OfflineMaterialAnalyzer : IMaterialAnalyzer
{
    public string Name => "offline";

    public Task<AnalyzedMaterial> AnalyzeAsync(IReadOnlyList<string> chunks, string language, CancellationToken ct) =>
        Task.FromResult(new AnalyzedMaterial(Analyze(chunks), null));

    public static MaterialAnalysis Analyze(IReadOnlyList<string> chunks)
    {
        var material = MaterialText.Analyze(chunks.Where(c => !string.IsNullOrWhiteSpace(c)).ToList());
        var ranked = material.Sentences.OrderByDescending(s => s.Score).ThenBy(s => s.Position).ToList();
        var separator = material.IsChinese ? "" : " ";
        var summary = string.Join(separator, ranked.Take(3).OrderBy(s => s.Position).Select(s => s.Text));
        var keyPoints = ranked.Take(5).Select(s => s.Text).ToList();
        return new MaterialAnalysis(summary, keyPoints, EstimateDifficulty(material), SuggestTypes(material));
    }

    private static Difficulty EstimateDifficulty(MaterialText material)
    {
        if (material.Sentences.Count == 0)
        {
            return Difficulty.Easy;
        }
        double points;
        if (material.IsChinese)
        {
            var averageLength = material.Sentences.Average(s => MaterialText.CountCjk(s.Text));
            points = averageLength < 18 ? 0 : averageLength < 35 ? 1 : 2;
        }
        else
        {
            var words = material.Sentences.SelectMany(s => s.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            var averageSentence = (double)words.Count / material.Sentences.Count;
            var longWords = words.Count(w => w.Trim('.', ',', ';', ':').Length >= 8) / (double)Math.Max(1, words.Count);
            points = (averageSentence < 12 ? 0 : averageSentence < 22 ? 1 : 2) + (longWords > 0.2 ? 1 : 0) - 0.5;
        }
        return points < 0.75 ? Difficulty.Easy : points < 1.75 ? Difficulty.Medium : Difficulty.Hard;
    }

    private static List<ExerciseType> SuggestTypes(MaterialText material)
    {
        var types = new List<ExerciseType>();
        var withTerms = material.Sentences.Count(s => s.Terms.Count > 0);
        if (withTerms > 0 && material.Terms.Count >= 4)
        {
            types.Add(ExerciseType.MultipleChoice);
        }
        if (withTerms > 0)
        {
            types.Add(ExerciseType.FillInBlank);
        }
        if (material.Sentences.Count >= 3)
        {
            types.Add(ExerciseType.TrueFalse);
        }
        if (material.Sentences.Count >= 5)
        {
            types.Add(ExerciseType.ShortAnswer);
        }
        return types;
    }
}
