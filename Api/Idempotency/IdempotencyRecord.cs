namespace TaskRunner.Api.Idempotency;

public sealed class IdempotencyRecord
{
    public string RequestHash { get; init; } = "";
    public int? StatusCode { get; init; }
    public string? ContentType { get; init; }
    public string? Location { get; init; }
    public byte[]? Body { get; init; }
    public DateTime CreatedAt { get; init; }

    /// <summary>True when no request holds the key any more (its holder died or gave it back) and it has no response.</summary>
    public bool LeaseExpired { get; init; }
}
