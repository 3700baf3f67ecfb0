namespace TaskRunner.Api.Mcp;

/// <summary>Settings of the MCP endpoint (<c>Mcp__…</c>).</summary>
public sealed class McpOptions
{
    public const string SectionName = "Mcp";

    /// <summary>
    /// Hosts the add_document_url tool may fetch from (exact host names, case-insensitive; e.g. <c>Mcp__AllowedUrlHosts__0=docs.example.org</c>).
    /// Empty by default: agents cannot make the Api fetch URLs until an operator allows hosts.
    /// </summary>
    public List<string> AllowedUrlHosts { get; set; } = [];

    /// <summary>How long add_document_url waits for a page or file.</summary>
    public int UrlTimeoutSeconds { get; set; } = 30;

    /// <summary>The longest a wait_for_task call waits before it returns the task as it is.</summary>
    public int MaxWaitSeconds { get; set; } = 300;
}
