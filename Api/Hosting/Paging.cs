using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Api.Problems;

namespace TaskRunner.Api.Hosting;

/// <summary>page (1-based) and pageSize (1..100) from the query string, with a clear 400 when they are not numbers in range.</summary>
public sealed record Paging(int Page, int PageSize)
{
    public const int MaxPageSize = 100;

    public static bool TryParse(string? page, string? pageSize, out Paging paging, out ProblemHttpResult? problem)
    {
        paging = new Paging(1, 20);
        problem = null;
        var p = 1;
        var s = 20;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out p) || p < 1))
        {
            problem = ApiProblem.BadRequest("invalid_paging", $"page must be a whole number of at least 1; got '{page}'.");
            return false;
        }

        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out s) || s < 1 || s > MaxPageSize))
        {
            problem = ApiProblem.BadRequest("invalid_paging", $"pageSize must be a whole number from 1 to {MaxPageSize}; got '{pageSize}'.");
            return false;
        }

        paging = new Paging(p, s);
        return true;
    }
}
