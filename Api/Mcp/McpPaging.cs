using ModelContextProtocol;

namespace TaskRunner.Api.Mcp;

/// <summary>Page and page size of list tools, checked as the /api endpoints check them.</summary>
public readonly record struct McpPaging(int Page, int PageSize)
{
    public static McpPaging Check(int page, int pageSize) =>
        page < 1 || pageSize is < 1 or > 100
            ? throw new McpException($"page must be 1 or more and pageSize from 1 to 100; got page {page}, pageSize {pageSize}.")
            : new McpPaging(page, pageSize);
}
