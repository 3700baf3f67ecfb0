using System.Text;
using TaskRunner.Generation.Llm;

namespace TaskRunner.Generation.Exercises;

/// <summary>
/// Builds the chat messages that ask an LLM for exercises (and for replacements of invalid ones).
/// Material passages are numbered [1], [2]... so replies can cite them in "source_chunks".
/// </summary>
public static class ExercisePromptBuilder
{
    public static LlmChatRequest Build(ExerciseRequest request) => ToChatRequest(
    [
        LlmMessage.System(SystemPrompt(IsChinese(request.Language))),
        LlmMessage.User(UserPrompt(request, request.Count, request.Types, extra: null)),
    ]);

    /// <summary>
    /// Asks for replacements of the given invalid items only: the reply holds exactly <c>invalid.Count</c>
    /// exercises of the same types, each fixing the listed problems.
    /// </summary>
    public static LlmChatRequest BuildRegeneration(ExerciseRequest request, IReadOnlyList<InvalidExercise> invalid)
    {
        var chinese = IsChinese(request.Language);
        var extra = new StringBuilder();
        extra.AppendLine(chinese
            ? "以下题目不合格，请只重新生成对应数量的替换题目（相同题型），并修正列出的问题："
            : "The following exercises were invalid. Write replacements for these only (same types), fixing the listed problems:");
        for (var i = 0; i < invalid.Count; i++)
        {
            extra.Append(i + 1).Append(". ").AppendLine(invalid[i].RawJson.ReplaceLineEndings(" "));
            extra.Append("   ").Append(chinese ? "问题：" : "Problems: ").AppendLine(string.Join("; ", invalid[i].Problems));
        }
        var types = invalid.Select(i => i.Type ?? request.Types.FirstOrDefault()).ToList();
        return ToChatRequest(
        [
            LlmMessage.System(SystemPrompt(chinese)),
            LlmMessage.User(UserPrompt(request, invalid.Count, types, extra.ToString())),
        ]);
    }

    private static LlmChatRequest ToChatRequest(IReadOnlyList<LlmMessage> messages) =>
        new(messages, ExerciseSchema.Name, ExerciseSchema.Json, Kind: LlmRequestKind.Exercises);

    private static string SystemPrompt(bool chinese) => chinese
        ? """
          你是一位经验丰富的教师，负责根据材料为学生出练习题。只输出 JSON：{"exercises":[...]}，不要输出其他文字。
          每道题包含：type、question、options、answer、explanation、difficulty、source_chunks。
          - multiple_choice：4 个选项，key 为 "A"–"D"，只有一个正确答案，answer 填正确选项的 key；干扰项要合理。
          - fill_in_blank：题干中用 ____ 标出空白，answer 填空白处的答案，多个可接受答案用 | 分隔；options 为 []。
          - true_false：answer 只能是 "true" 或 "false"；options 为 []。
          - short_answer：answer 填参考答案；options 为 []。
          - explanation 说明答案为什么正确；source_chunks 填所依据材料的编号（如 [1] 则填 1），没有则为 []。
          题目必须以材料为依据，不要编造事实；全部用中文书写。
          """
        : """
          You are an experienced teacher who writes exercises for students from the given material. Reply with JSON only:
          {"exercises":[...]}, no other text. Every exercise has: type, question, options, answer, explanation, difficulty, source_chunks.
          - multiple_choice: 4 options with keys "A"-"D", exactly one correct; answer is the correct option's key; plausible distractors.
          - fill_in_blank: mark the blank in the question with ____; answer is the missing text, acceptable alternatives separated by |; options [].
          - true_false: answer is exactly "true" or "false"; options [].
          - short_answer: answer is a model answer; options [].
          - explanation says why the answer is right; source_chunks lists the numbers of the material passages used ([1] → 1), or [].
          Base every exercise on the material; do not invent facts. Write everything in English.
          """;

    private static string UserPrompt(ExerciseRequest request, int count, IReadOnlyList<ExerciseType> types, string? extra)
    {
        var chinese = IsChinese(request.Language);
        var prompt = new StringBuilder();
        if (request.ContextChunks.Count > 0)
        {
            prompt.AppendLine(chinese ? "材料：" : "Material:");
            for (var i = 0; i < request.ContextChunks.Count; i++)
            {
                prompt.Append('[').Append(i + 1).Append("] ").AppendLine(request.ContextChunks[i].Trim());
            }
            prompt.AppendLine();
        }
        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            prompt.AppendLine(chinese ? "文本：" : "Text:").AppendLine(request.Text.Trim()).AppendLine();
        }
        if (!string.IsNullOrWhiteSpace(request.Topic))
        {
            prompt.Append(chinese ? "主题：" : "Topic: ").AppendLine(request.Topic.Trim());
        }
        var plan = string.Join(", ", ExercisePlan.Distribute(count, types).Select(p => $"{ExerciseTypeNames.Wire(p.Type)}: {p.Count}"));
        prompt.Append(chinese ? "题目数量 count: " : "count: ").Append(count).AppendLine();
        prompt.Append(chinese ? "题型分布：" : "Types: ").AppendLine(plan);
        prompt.Append(chinese ? "难度 difficulty: " : "Difficulty: ").AppendLine(ExerciseTypeNames.Wire(request.Difficulty));
        prompt.AppendLine(chinese ? "语言：中文" : "Language: English");
        if (extra is not null)
        {
            prompt.AppendLine().Append(extra);
        }
        return prompt.ToString();
    }

    internal static bool IsChinese(string? language) =>
        language is not null && language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
}
