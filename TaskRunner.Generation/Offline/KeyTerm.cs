namespace TaskRunner.Generation.Offline;

/// <summary>A recurring term of the material, with the chunks it appears in.</summary>
internal sealed record KeyTerm(string Text, int Frequency, double Score, IReadOnlySet<int> Chunks);
