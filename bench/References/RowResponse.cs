namespace TaskRunner.Bench.References;

public sealed record RowResponse(Guid Id, int Size, DateTime CreatedAt);
