namespace TaskRunner.Api.Materials;

/// <summary>POST /api/v1/materials/analyze: either text or documentId; language zh|en, detected when absent.</summary>
public sealed record AnalyzeMaterialRequest(string? Text, Guid? DocumentId, string? Language);
