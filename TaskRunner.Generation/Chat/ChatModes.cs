namespace TaskRunner.Generation.Chat;

/// <summary>How an answer was written: by the LLM from the passages, or offline from the passages' own sentences.</summary>
public static class ChatModes
{
    public const string Generative = "generative";
    public const string Extractive = "extractive";
}
