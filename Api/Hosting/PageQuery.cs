using Microsoft.AspNetCore.Http.HttpResults;

namespace TaskRunner.Api.Hosting;

/// <summary>
/// <c>?page=&amp;pageSize=</c>, bound with <c>[AsParameters]</c>. Read as text so a value that is not a number gets a 400
/// problem naming the parameter instead of the framework's bare 400.
/// </summary>
public sealed record PageQuery(string? Page, string? PageSize)
{
    public bool TryRead(out Paging paging, out ProblemHttpResult? problem) => Paging.TryParse(Page, PageSize, out paging, out problem);
}
