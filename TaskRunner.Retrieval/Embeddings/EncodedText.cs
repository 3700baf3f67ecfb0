namespace TaskRunner.Retrieval.Embeddings;

/// <summary>WordPiece ids of one text including [CLS] and [SEP]; Truncated when the text did not fit MaxTokens.</summary>
public sealed record EncodedText(int[] Ids, bool Truncated);
