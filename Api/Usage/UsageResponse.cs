namespace TaskRunner.Api.Usage;

/// <summary>A tenant's tokens and cost over [<see cref="From"/>, <see cref="To"/>), per group and in total.</summary>
public sealed record UsageResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    string GroupBy,
    string Currency,
    IReadOnlyList<UsageGroupResponse> Groups,
    UsageGroupResponse Total);
