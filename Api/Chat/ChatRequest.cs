namespace TaskRunner.Api.Chat;

/// <summary>
/// A question about the tenant's documents. <c>stream</c> null streams when the client accepts text/event-stream.
/// <c>topK</c> passages (1 to 20, default 5) are given to the answer; <c>language</c> is auto (default), en or zh.
/// </summary>
public sealed record ChatRequest(
    string? Question, IReadOnlyList<Guid>? DocumentIds, IReadOnlyList<ChatTurnRequest>? History, int? TopK, string? Language, bool? Stream);

/// <summary>An earlier turn: <c>role</c> user or assistant, and its <c>content</c>.</summary>
public sealed record ChatTurnRequest(string? Role, string? Content);
