using TaskRunner.Generation.Exercises;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Materials;

/// <summary>
/// The material.analyze step: summary, key points, difficulty and suitable exercise types of a text or a document,
/// from the configured <see cref="IMaterialAnalyzer"/>. The result says which analyser wrote it.
/// </summary>
public sealed class AnalyzeStep(ExerciseMaterialLoader materials, IMaterialAnalyzer analyzer) : IPipelineStep<MaterialAnalysisInput>, IWaitingStep
{
    private const int MaxChunks = 16;

    public async Task RunAsync(TaskRunContext<MaterialAnalysisInput> context, CancellationToken ct)
    {
        var input = context.Input;
        await context.ReportAsync("reading", 0.1, "Reading the material", ct);
        var chunks = input.DocumentId is { } documentId
            ? await materials.LoadDocumentAsync(context.Task.TenantId, documentId, MaxChunks, ct)
            : materials.SplitText(input.Text ?? "").Take(MaxChunks).ToList();
        if (chunks.Count == 0)
        {
            throw new PermanentTaskException(ExerciseErrorCodes.MaterialEmpty, "The material has no text to analyse.");
        }

        var language = input.Language ?? DetectLanguage(chunks);
        await context.ReportAsync("analyzing", 0.3, analyzer.Name == "llm" ? "Analysing with the LLM" : "Analysing offline", ct);
        var (analysis, model) = await analyzer.AnalyzeAsync(chunks, language, ct);
        context.ResultJson = TaskJson.Serialize(new
        {
            analysis.Summary,
            analysis.KeyPoints,
            analysis.Difficulty,
            analysis.SuggestedTypes,
            language,
            analyzer = analyzer.Name,
            model,
            chunks = chunks.Count,
        });
        context.ResultMessage = $"Analysed {chunks.Count} passages ({analyzer.Name}).";
    }

    /// <summary>"zh" when at least a third of the letters are CJK characters.</summary>
    public static string DetectLanguage(IReadOnlyList<string> chunks)
    {
        var letters = 0;
        var cjk = 0;
        foreach (var c in chunks.SelectMany(t => t))
        {
            if (char.IsLetter(c))
            {
                letters++;
                cjk += c is >= '\u4e00' and <= '\u9fff' ? 1 : 0;
            }
        }

        return cjk * 3 >= letters && cjk > 0 ? "zh" : "en";
    }
}
