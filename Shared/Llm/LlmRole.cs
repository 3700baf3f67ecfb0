namespace TaskRunner.Shared.Llm;

public enum LlmRole
{
    System,
    User,
    Assistant,
}
