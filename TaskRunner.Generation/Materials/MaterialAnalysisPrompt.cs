using System.Text;
using System.Text.Json;
using TaskRunner.Generation.Llm;
using TaskRunner.Generation.Exercises;

namespace TaskRunner.Generation.Materials;

/// <summary>Asks an LLM to analyse teaching material, and reads its reply into a <see cref="MaterialAnalysis"/>.</summary>
public static class MaterialAnalysisPrompt
{
    public const string SchemaName = "material_analysis";

    public const string Schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["summary", "key_points", "difficulty", "suggested_types"],
          "properties": {
            "summary": { "type": "string" },
            "key_points": { "type": "array", "items": { "type": "string" } },
            "difficulty": { "type": "string", "enum": ["easy", "medium", "hard"] },
            "suggested_types": {
              "type": "array",
              "items": { "type": "string", "enum": ["multiple_choice", "fill_in_blank", "true_false", "short_answer"] }
            }
          }
        }
        """;

    public static LlmChatRequest Build(IReadOnlyList<string> chunks, string language)
    {
        var chinese = ExercisePromptBuilder.IsChinese(language);
        var system = chinese
            ? "你是一位教研老师。阅读材料，给出：summary（不超过150字的摘要）、key_points（3–7条知识要点）、difficulty（easy/medium/hard）、suggested_types（适合的题型）。只输出 JSON，用中文书写。"
            : "You are a curriculum specialist. Read the material and give: summary (at most 80 words), key_points (3-7 facts worth testing), difficulty (easy/medium/hard), suggested_types (exercise types that suit it). Reply with JSON only, in English.";
        var material = new StringBuilder();
        for (var i = 0; i < chunks.Count; i++)
        {
            material.Append('[').Append(i + 1).Append("] ").AppendLine(chunks[i].Trim());
        }
        return new LlmChatRequest([LlmMessage.System(system), LlmMessage.User(material.ToString())], SchemaName, Schema, Temperature: 0.2f, Kind: LlmRequestKind.MaterialAnalysis);
    }

    public static bool TryParse(string reply, out MaterialAnalysis analysis)
    {
        analysis = new MaterialAnalysis("", [], Difficulty.Medium, []);
        using var doc = JsonObjectExtractor.Extract(reply);
        if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        var root = doc.RootElement;
        var summary = root.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() ?? "" : "";
        if (summary.Length == 0)
        {
            return false;
        }
        analysis = new MaterialAnalysis(
            summary,
            Strings(root, "key_points"),
            Strings(root, "difficulty") is [var d] ? ParseDifficulty(d) : Difficulty.Medium,
            Strings(root, "suggested_types").Select(ExerciseTypeNames.Parse).OfType<ExerciseType>().Distinct().ToList());
        return true;
    }

    private static List<string> Strings(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return [];
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString() ?? ""],
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString() ?? "").Where(v => v.Length > 0).ToList(),
            _ => [],
        };
    }

    private static Difficulty ParseDifficulty(string value) => value.Trim().ToLowerInvariant() switch
    {
        "easy" => Difficulty.Easy,
        "hard" => Difficulty.Hard,
        _ => Difficulty.Medium,
    };
}
