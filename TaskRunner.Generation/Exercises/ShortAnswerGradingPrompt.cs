using System.Globalization;
using System.Text.Json;
using TaskRunner.Generation.Llm;

namespace TaskRunner.Generation.Exercises;

/// <summary>Asks an LLM to grade a short answer against the reference answer, and reads its <c>{score, feedback}</c> reply.</summary>
public static class ShortAnswerGradingPrompt
{
    public const string SchemaName = "short_answer_grade";

    public const string Schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["score", "feedback"],
          "properties": {
            "score": { "type": "number", "minimum": 0, "maximum": 1 },
            "feedback": { "type": "string" }
          }
        }
        """;

    public static LlmChatRequest Build(string question, string referenceAnswer, string studentAnswer, string language)
    {
        var chinese = ExercisePromptBuilder.IsChinese(language);
        var system = chinese
            ? "你是一位公正的阅卷老师。对照参考答案评判学生的简答题答案，只看要点是否正确完整，不苛求措辞。只输出 JSON：{\"score\": 0到1之间的小数, \"feedback\": \"用中文写给学生的简短反馈\"}。"
            : "You are a fair teacher grading a short answer against a reference answer. Judge whether the key points are correct and complete, not the wording. Reply with JSON only: {\"score\": a number from 0 to 1, \"feedback\": \"brief feedback to the student in English\"}.";
        var user = chinese
            ? $"题目：{question}\n参考答案：{referenceAnswer}\n学生答案：{studentAnswer}"
            : $"Question: {question}\nReference answer: {referenceAnswer}\nStudent answer: {studentAnswer}";
        return new LlmChatRequest([LlmMessage.System(system), LlmMessage.User(user)], SchemaName, Schema, Temperature: 0, Kind: LlmRequestKind.Grading);
    }

    /// <summary>Reads the grade; a score given as a percentage (1–100) is scaled, anything else clamped to 0..1.</summary>
    public static bool TryParse(string reply, out ShortAnswerGrade grade)
    {
        grade = new ShortAnswerGrade(0, "");
        using var doc = JsonObjectExtractor.Extract(reply);
        if (doc is null || !doc.RootElement.TryGetProperty("score", out var scoreElement))
        {
            return false;
        }
        double score;
        if (scoreElement.ValueKind == JsonValueKind.Number)
        {
            score = scoreElement.GetDouble();
        }
        else if (scoreElement.ValueKind != JsonValueKind.String
                 || !double.TryParse(scoreElement.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out score))
        {
            return false;
        }
        if (score is > 1 and <= 100)
        {
            score /= 100;
        }
        var feedback = doc.RootElement.TryGetProperty("feedback", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() ?? "" : "";
        grade = new ShortAnswerGrade(Math.Clamp(score, 0, 1), feedback);
        return true;
    }
}
