namespace TaskRunner.Ingestion.Chunking;

/// <summary>A sentence and the whitespace that separated it from the previous one ("", " ", "\n" or "\n\n").</summary>
internal readonly record struct Sentence(string Text, string Separator);
