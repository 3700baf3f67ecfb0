using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace TaskRunner.Testing.OpenAi;

/// <summary>
/// The test server's default answer: a valid <c>{"exercises":[...]}</c> document with as many multiple-choice
/// items as the prompt asks for ("count: N"; 3 when it does not say).
/// </summary>
public static partial class DefaultExerciseReply
{
    public static string Build(ReceivedChatRequest request)
    {
        var count = RequestedCount(request.LastUserMessage);
        var items = new JsonArray();
        for (var i = 1; i <= count; i++)
        {
            items.Add(new JsonObject
            {
                ["type"] = "multiple_choice",
                ["question"] = $"Question {i}: which option is correct?",
                ["options"] = new JsonArray(
                    Option("A", $"Correct answer {i}"),
                    Option("B", $"Distractor {i}.1"),
                    Option("C", $"Distractor {i}.2"),
                    Option("D", $"Distractor {i}.3")),
                ["answer"] = "A",
                ["explanation"] = $"Option A is correct for question {i}.",
                ["difficulty"] = "medium",
                ["source_chunks"] = new JsonArray(),
            });
        }
        return new JsonObject { ["exercises"] = items }.ToJsonString();
    }

    public static int RequestedCount(string prompt)
    {
        var match = CountPattern().Match(prompt);
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? Math.Clamp(n, 1, 100)
            : 3;
    }

    private static JsonObject Option(string key, string text) => new() { ["key"] = key, ["text"] = text };

    [GeneratedRegex(@"count\s*[:=：]\s*(\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();
}
