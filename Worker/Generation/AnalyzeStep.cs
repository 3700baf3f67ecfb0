using TaskRunner.Generation.Exercises;
using TaskRunner.Generation.Llm;
using TaskRunner.Tasks;
using TaskRunner.Worker.Tasks;

namespace TaskRunner.Worker.Generation;

/// <summary>
/// The material.analyze step: summary, key points, difficulty and suitable exercise types of a text or a document,
/// from the LLM or, without one, from the offline analyser. The result says which.
/// </summary>
public sealed class AnalyzeStep(ExerciseMaterialLoader materials, ILlmClient? llm = null) : IPipelineStep
{
    private const int MaxChunks = 16;

    public string Name => "analyze";

    public async Task RunAsync(TaskRunContext context, CancellationToken ct)
    {
        var input = context.Input<MaterialAnalysisInput>()
            ?? throw new PermanentTaskException("invalid_input", "The task has no material to analyse.");
        await context.ReportAsync("reading", 0.1, "Reading the material", ct);
        var chunks = input.DocumentId is { } documentId
            ? await materials.LoadDocumentAsync(context.Task.TenantId, documentId, MaxChunks, ct)
            : materials.SplitText(input.Text ?? "").Take(MaxChunks).ToList();
        if (chunks.Count == 0)
        {
            throw new PermanentTaskException("material_empty", "The material has no text to analyse.");
        }

        var language = input.Language ?? DetectLanguage(chunks);
        await context.ReportAsync("analyzing", 0.3, llm is null ? "Analysing offline" : "Analysing with the LLM", ct);
        MaterialAnalysis analysis;
        string? model = null;
        if (llm is null)
        {
            analysis = OfflineMaterialAnalyzer.Analyze(chunks);
        }
        else
        {
            var completion = await llm.CompleteChatAsync(MaterialAnalysisPrompt.Build(chunks, language), ct);
            if (!MaterialAnalysisPrompt.TryParse(completion.Text, out analysis))
            {
                throw new TransientTaskException("llm_invalid_reply", "The LLM's analysis reply had no readable summary.");
            }

            model = completion.Model;
        }

        var analyzer = llm is null ? "offline" : "llm";
        context.ResultJson = TaskJson.Serialize(new
        {
            analysis.Summary,
            analysis.KeyPoints,
            analysis.Difficulty,
            analysis.SuggestedTypes,
            language,
            analyzer,
            model,
            chunks = chunks.Count,
        });
        context.ResultMessage = $"Analysed {chunks.Count} passages ({analyzer}).";
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
