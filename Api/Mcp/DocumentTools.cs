using System.ComponentModel;
using System.Text;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using TaskRunner.Api.Documents;
using TaskRunner.Api.Hosting;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval.Indexing;

namespace TaskRunner.Api.Mcp;

/// <summary>MCP tools that add and list the tenant's documents.</summary>
[McpServerToolType]
public sealed class DocumentTools(McpTenant tenant, McpDocumentIntake intake, DocumentStore documents, IHttpClientFactory httpClients, IOptions<McpOptions> options)
{
    [McpServerTool(Name = "add_document_text"), Description("Adds a document from text (plain text or Markdown). Answers with the document id and the ingestion task; wait_for_task follows it until the document is ready.")]
    public async Task<DocumentAdded> AddDocumentTextAsync(
        [Description("The document's title.")] string title,
        [Description("The document's text.")] string text,
        [Description("A file name whose extension says the format, e.g. notes.md; default: the title with .txt.")] string? fileName = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new McpException("text is empty: send the document's text.");
        }

        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var name = string.IsNullOrWhiteSpace(fileName) ? SafeFileName(title) + ".txt" : Path.GetFileName(fileName);
        return DocumentAdded.From(await intake.AcceptAsync(tenant.Id, content, name, Title(title, name), cancellationToken));
    }

    [McpServerTool(Name = "add_document_url"), Description("Adds a document fetched from an http(s) URL. Only hosts the operator allows (Mcp__AllowedUrlHosts) can be fetched; redirects are not followed.")]
    public async Task<DocumentAdded> AddDocumentUrlAsync(
        [Description("The absolute http or https URL of a page or file (HTML, PDF, DOCX, Markdown, text).")] string url,
        [Description("The document's title; default: the URL's file name.")] string? title = null,
        CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new McpException($"'{url}' is not an absolute http or https URL.");
        }

        if (!options.Value.AllowedUrlHosts.Contains(uri.IdnHost, StringComparer.OrdinalIgnoreCase))
        {
            throw new McpException($"Fetching from {uri.IdnHost} is not allowed. An operator can allow hosts with Mcp__AllowedUrlHosts.");
        }

        using var http = httpClients.CreateClient(McpServiceCollectionExtensions.UrlFetchClient);
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new McpException($"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}; nothing was added.");
        }

        var fileName = Path.GetFileName(uri.AbsolutePath) is { Length: > 0 } last ? last : "index.html";
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
        var outcome = await intake.AcceptAsync(tenant.Id, content, fileName, Title(title, fileName), cancellationToken);
        return DocumentAdded.From(outcome);
    }

    [McpServerTool(Name = "list_documents", ReadOnly = true), Description("The tenant's documents, newest first, with their ingestion status (pending, ready, failed, …).")]
    public async Task<PagedResponse<DocumentResponse>> ListDocumentsAsync(
        [Description("Page number, from 1.")] int page = 1,
        [Description("Documents per page, 1 to 100.")] int pageSize = 20,
        CancellationToken cancellationToken = default)
    {
        var paging = McpPaging.Check(page, pageSize);
        var (items, total) = await documents.ListAsync(tenant.Id, paging.Page, paging.PageSize, cancellationToken);
        return new PagedResponse<DocumentResponse>(items.Select(DocumentResponse.From).ToList(), paging.Page, paging.PageSize, total);
    }

    private static string Title(string? title, string fileName) => string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(fileName) : title.Trim();

    private static string SafeFileName(string title)
    {
        var name = new string(title.Trim().Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c).ToArray());
        return name.Length is > 0 and <= 100 ? name : "document";
    }
}

/// <summary>What add_document_* did: a new document with its ingestion task, or the one stored earlier with the same content.</summary>
public sealed record DocumentAdded(Guid DocumentId, Guid? TaskId, bool AlreadyExisted, string DocumentStatus)
{
    public static DocumentAdded From(IntakeOutcome outcome) =>
        new(outcome.Document.Id, outcome.Task?.Id ?? outcome.Document.LastTaskId, outcome.Duplicate, outcome.Document.Status);
}
