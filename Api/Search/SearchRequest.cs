namespace TaskRunner.Api.Search;

public sealed record SearchRequest(string? Query, IReadOnlyList<Guid>? DocumentIds, int? TopK);
