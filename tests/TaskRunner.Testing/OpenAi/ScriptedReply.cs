namespace TaskRunner.Testing.OpenAi;

/// <summary>One reply the <see cref="OpenAiTestServer"/> gives to the next chat completion request, in queue order.</summary>
public sealed record ScriptedReply
{
    public ScriptedReplyKind Kind { get; init; } = ScriptedReplyKind.Content;

    /// <summary>The assistant content (for <see cref="ScriptedReplyKind.Content"/> and <see cref="ScriptedReplyKind.CutMidway"/>).</summary>
    public string Text { get; init; } = "";

    /// <summary>How many SSE chunks the text is split into when streamed.</summary>
    public int Pieces { get; init; } = 1;

    public TimeSpan DelayBetweenPieces { get; init; }

    /// <summary>Waited before the reply starts, on top of the server's <see cref="OpenAiTestServer.Latency"/>.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>
    /// Awaited (after <see cref="Delay"/>) before the reply starts, so a test holds the LLM call, and the task making it,
    /// until it has seen what it waits for; it then completes the task source behind it.
    /// </summary>
    public Task? HoldUntil { get; init; }

    /// <summary>For <see cref="ScriptedReplyKind.CutMidway"/>: chunks sent before the connection is aborted.</summary>
    public int PiecesBeforeCut { get; init; }

    /// <summary>For <see cref="ScriptedReplyKind.Status"/>.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>Raw Retry-After header value: seconds ("2") or an HTTP date.</summary>
    public string? RetryAfter { get; init; }

    public static ScriptedReply Content(string text, int pieces = 1, TimeSpan? delayBetweenPieces = null) =>
        new() { Text = text, Pieces = Math.Max(1, pieces), DelayBetweenPieces = delayBetweenPieces ?? TimeSpan.Zero };

    public static ScriptedReply Status(int statusCode, string? retryAfter = null) =>
        new() { Kind = ScriptedReplyKind.Status, StatusCode = statusCode, RetryAfter = retryAfter };

    public static ScriptedReply RateLimited(string retryAfter = "1") => Status(429, retryAfter);

    public static ScriptedReply ServerError() => Status(500);

    /// <summary>
    /// Streams <paramref name="piecesBeforeCut"/> of <paramref name="pieces"/> chunks, then aborts the connection
    /// (after one more delay, so the client has read what was sent).
    /// </summary>
    public static ScriptedReply CutMidway(string text, int pieces, int piecesBeforeCut, TimeSpan? delayBetweenPieces = null) =>
        new()
        {
            Kind = ScriptedReplyKind.CutMidway,
            Text = text,
            Pieces = Math.Max(1, pieces),
            PiecesBeforeCut = piecesBeforeCut,
            DelayBetweenPieces = delayBetweenPieces ?? TimeSpan.FromMilliseconds(50),
        };

    /// <summary>A well-formed HTTP reply whose content is broken JSON, as weaker models produce.</summary>
    public static ScriptedReply MalformedJson(int pieces = 1) =>
        Content("""{"exercises": [{"type": "multiple_choice", "question": "Unclosed""", pieces);

    /// <summary>A stream that never ends: <paramref name="piece"/> every <paramref name="every"/>, so no idle timeout fires.</summary>
    public static ScriptedReply Endless(string piece, TimeSpan every) =>
        new() { Kind = ScriptedReplyKind.Endless, Text = piece, DelayBetweenPieces = every };
}
