namespace TaskRunner.Retrieval.Embeddings;

/// <summary>One text's vector, the tokens the model saw, and whether the text was cut to fit the model.</summary>
public sealed record Embedding(float[] Vector, int TokenCount, bool Truncated);
