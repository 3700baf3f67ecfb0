namespace TaskRunner.Ingestion.Chunking;

/// <summary>Counts tokens the way the configured embedding model will, so chunk sizes match its limit.</summary>
public interface ITokenCounter
{
    /// <summary>A short name for the unit counted ("chars" or the tokenizer's name), recorded with chunks.</summary>
    string Unit { get; }

    int CountTokens(string text);
}
