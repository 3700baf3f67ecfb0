using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TaskRunner.Generation.Exercises;

/// <summary>Reads one exercise object leniently: synonyms for names and types, options as objects, strings or a map, answers as bool/number/array.</summary>
internal static partial class ExerciseElementReader
{
    public static (GeneratedExercise? Exercise, string? Error) Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, $"expected an object, found {element.ValueKind}");
        }
        var question = Text(element, "question", "stem", "prompt", "题目", "问题");
        if (string.IsNullOrWhiteSpace(question))
        {
            return (null, "the item has no question");
        }
        var options = Options(element);
        var answer = Answer(element);
        var type = Type(Text(element, "type", "question_type", "kind", "题型"), options, answer, question);
        if (type is null)
        {
            return (null, "unknown exercise type");
        }
        var exercise = new GeneratedExercise(
            type.Value,
            question,
            type == ExerciseType.MultipleChoice ? options : [],
            answer,
            Text(element, "explanation", "analysis", "rationale", "解析"),
            ParseDifficulty(Text(element, "difficulty", "level")),
            Ordinals(element));
        return (ExerciseNormalizer.Normalize(exercise), null);
    }

    private static ExerciseType? Type(string? raw, IReadOnlyList<ExerciseOption> options, string answer, string question)
    {
        var name = raw?.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_');
        return name switch
        {
            "multiple_choice" or "mc" or "choice" or "single_choice" or "multiple_choice_question" or "选择题" or "单选题" or "单选" => ExerciseType.MultipleChoice,
            "fill_in_blank" or "fill_in_the_blank" or "fill_blank" or "blank" or "cloze" or "填空题" or "填空" => ExerciseType.FillInBlank,
            "true_false" or "truefalse" or "true_or_false" or "tf" or "judge" or "判断题" or "判断" => ExerciseType.TrueFalse,
            "short_answer" or "short" or "open" or "essay" or "简答题" or "简答" or "问答题" => ExerciseType.ShortAnswer,
            null or "" when options.Count > 0 => ExerciseType.MultipleChoice,
            null or "" when TrueFalseAnswer.Parse(answer) is not null => ExerciseType.TrueFalse,
            null or "" when ExerciseValidator.HasBlank(question) => ExerciseType.FillInBlank,
            null or "" => ExerciseType.ShortAnswer,
            _ => null,
        };
    }

    private static List<ExerciseOption> Options(JsonElement element)
    {
        if (!TryGet(element, out var value, "options", "choices", "选项"))
        {
            return [];
        }
        var options = new List<ExerciseOption>();
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                options.Add(new ExerciseOption(property.Name, Scalar(property.Value)));
            }
            return options;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            return options;
        }
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var defaultKey = ((char)('A' + index++)).ToString();
            if (item.ValueKind == JsonValueKind.Object)
            {
                options.Add(new ExerciseOption(
                    Text(item, "key", "label", "id", "letter") ?? defaultKey,
                    Text(item, "text", "content", "value", "option") ?? ""));
                continue;
            }
            // "B. Paris" or just "Paris"
            var text = Scalar(item);
            var prefixed = KeyPrefix().Match(text);
            options.Add(prefixed.Success
                ? new ExerciseOption(prefixed.Groups[1].Value.ToUpperInvariant(), text[prefixed.Length..].Trim())
                : new ExerciseOption(defaultKey, text));
        }
        return options;
    }

    private static string Answer(JsonElement element)
    {
        if (!TryGet(element, out var value, "answer", "correct_answer", "answers", "correct", "答案"))
        {
            return "";
        }
        return value.ValueKind == JsonValueKind.Array
            ? string.Join("|", value.EnumerateArray().Select(Scalar).Where(s => s.Length > 0))
            : Scalar(value);
    }

    private static List<int> Ordinals(JsonElement element)
    {
        if (!TryGet(element, out var value, "source_chunks", "sources", "source_chunk_ordinals", "chunks") || value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        return value.EnumerateArray()
            .Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n
                : int.TryParse(Scalar(v).Trim('[', ']'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? m : -1)
            .Where(n => n >= 0)
            .ToList();
    }

    private static Difficulty ParseDifficulty(string? raw) => raw?.Trim().ToLowerInvariant() switch
    {
        "easy" or "简单" or "容易" => Difficulty.Easy,
        "hard" or "difficult" or "困难" or "难" => Difficulty.Hard,
        _ => Difficulty.Medium,
    };

    private static string? Text(JsonElement element, params string[] names) =>
        TryGet(element, out var value, names) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? Scalar(value) : null;

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    private static bool TryGet(JsonElement element, out JsonElement value, params string[] names)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (names.Any(n => string.Equals(n, property.Name, StringComparison.OrdinalIgnoreCase)))
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    [GeneratedRegex(@"^\s*\(?([A-Fa-f])[.)、:：]\s*")]
    private static partial Regex KeyPrefix();
}
