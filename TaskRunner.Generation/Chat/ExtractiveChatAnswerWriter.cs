using System.Text;
using System.Text.RegularExpressions;

namespace TaskRunner.Generation.Chat;

/// <summary>
/// The offline answer when no LLM is configured: the opening sentences of the best <see cref="MaxPassages"/> passages,
/// each cited, after a line saying that this is an extract and not a written answer. Mode <c>extractive</c>.
/// </summary>
public sealed partial class ExtractiveChatAnswerWriter : IChatAnswerWriter
{
    public const int MaxPassages = 3;
    private const int MaxCharactersPerPassage = 300;

    public async Task<ChatDraft> WriteAsync(
        ChatQuery query, IReadOnlyList<ChatPassage> passages,
        Func<string, CancellationToken, ValueTask> onToken, Func<int, CancellationToken, ValueTask> onRestart, CancellationToken ct)
    {
        var chinese = query.Language == "zh" || (query.Language == ChatLanguages.Auto && query.Question.Any(TaskRunner.Ingestion.Documents.ChunkTokenizer.IsCjk));
        var answer = new StringBuilder();
        var lead = passages.Count == 0
            ? (chinese ? "未配置语言模型，也没有找到相关段落。" : "No LLM is configured and no passage matched the question.")
            : (chinese ? "未配置语言模型；以下是最相关段落的摘录：" : "No LLM is configured; these are extracts of the most relevant passages:");
        answer.Append(lead);
        await onToken(lead, ct);
        foreach (var passage in passages.Take(MaxPassages))
        {
            var piece = $"\n\n{Opening(passage.Text)} [{passage.Number}]";
            answer.Append(piece);
            await onToken(piece, ct);
        }

        return new ChatDraft(answer.ToString(), ChatModes.Extractive, null, new ChatUsage(null, null, 0));
    }

    /// <summary>Whole sentences from the start of the text, up to about <see cref="MaxCharactersPerPassage"/> characters.</summary>
    internal static string Opening(string text)
    {
        var flat = Whitespace().Replace(text, " ").Trim();
        if (flat.Length <= MaxCharactersPerPassage)
        {
            return flat;
        }

        var end = SentenceEnd().Matches(flat).Select(m => m.Index + m.Length).Where(i => i <= MaxCharactersPerPassage).DefaultIfEmpty(0).Max();
        return end > 0 ? flat[..end].Trim() : flat[..MaxCharactersPerPassage].TrimEnd() + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[.!?。！？](\s|$)|[。！？]")]
    private static partial Regex SentenceEnd();
}
