using System.Text;
using TaskRunner.Generation.Llm;

namespace TaskRunner.Generation.Chat;

/// <summary>
/// The messages for a grounded answer: a system message with the rules and the numbered passages, the earlier turns,
/// then the question. Passages are cut to <see cref="MaxPassageCharacters"/> each.
/// </summary>
public static class ChatPromptBuilder
{
    public const int MaxPassageCharacters = 1500;

    public static IReadOnlyList<LlmMessage> Build(ChatQuery query, IReadOnlyList<ChatPassage> passages)
    {
        var system = new StringBuilder();
        system.AppendLine("You answer questions about the user's documents using only the numbered passages below.");
        system.AppendLine("Cite every claim with the number of its passage in square brackets, like [1] or [2][3]. Cite only the numbers listed.");
        system.AppendLine("If the passages do not contain the answer, say so plainly instead of guessing.");
        system.AppendLine($"Answer in {ChatLanguages.Names[query.Language]}.");
        system.AppendLine();
        system.AppendLine(passages.Count == 0 ? "No passages were found." : "Passages:");
        foreach (var passage in passages)
        {
            var where = passage.Page is { } page ? $" (page {page}{(passage.Section is null ? "" : $", {passage.Section}")})" : passage.Section is null ? "" : $" ({passage.Section})";
            var text = passage.Text.Length > MaxPassageCharacters ? passage.Text[..MaxPassageCharacters] + "…" : passage.Text;
            system.AppendLine($"[{passage.Number}]{where} {text}");
        }

        var messages = new List<LlmMessage> { LlmMessage.System(system.ToString()) };
        messages.AddRange(query.History.Select(t => t.Role == "assistant" ? LlmMessage.Assistant(t.Content) : LlmMessage.User(t.Content)));
        messages.Add(LlmMessage.User(query.Question));
        return messages;
    }
}
