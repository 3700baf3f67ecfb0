namespace TaskRunner.Generation.Materials;

/// <summary>The input of a material.analyze task: pasted text or a document of the task's tenant; no language means: detect it.</summary>
public sealed record MaterialAnalysisInput(string? Text, Guid? DocumentId, string? Language);
