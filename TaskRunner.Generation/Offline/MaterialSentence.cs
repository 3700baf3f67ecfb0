namespace TaskRunner.Generation.Offline;

/// <summary>A sentence of the material, where it came from (chunk index from 0, position), and its key terms, best first.</summary>
internal sealed record MaterialSentence(string Text, int ChunkIndex, int Position, double Score, IReadOnlyList<string> Terms);
