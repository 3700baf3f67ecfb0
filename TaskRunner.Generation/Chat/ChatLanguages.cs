namespace TaskRunner.Generation.Chat;

/// <summary>The answer languages a request may ask for; <c>auto</c> (the default) answers in the question's language.</summary>
public static class ChatLanguages
{
    public const string Auto = "auto";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [Auto] = "the language of the question",
        ["en"] = "English",
        ["zh"] = "Chinese (简体中文)",
    };

    public static bool IsKnown(string? language) => language is null || Names.ContainsKey(language);
}
