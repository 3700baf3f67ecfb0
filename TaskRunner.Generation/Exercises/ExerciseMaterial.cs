using TaskRunner.Retrieval;

namespace TaskRunner.Generation.Exercises;

/// <summary>
/// What a generation works from: numbered passages (the prompt's [1], [2]...) and, for passages taken from
/// documents, where each came from (null for passages cut from the pasted text).
/// </summary>
public sealed record ExerciseMaterial(IReadOnlyList<string> Chunks, IReadOnlyList<RetrievedChunk?> Sources, string RetrievalMode);
