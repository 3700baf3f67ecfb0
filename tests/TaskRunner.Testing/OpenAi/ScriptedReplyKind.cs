namespace TaskRunner.Testing.OpenAi;

public enum ScriptedReplyKind
{
    /// <summary>HTTP 200 with the text, streamed in pieces when the request asked to stream.</summary>
    Content,

    /// <summary>An error status with an OpenAI-shaped error body.</summary>
    Status,

    /// <summary>Starts streaming, then aborts the connection.</summary>
    CutMidway,

    /// <summary>Streams the text again and again, never finishing, until the client goes away.</summary>
    Endless,
}
