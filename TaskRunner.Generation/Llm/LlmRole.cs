namespace TaskRunner.Generation.Llm;

public enum LlmRole
{
    System,
    User,
    Assistant,
}
