namespace TaskRunner.Api.Security;

/// <summary>
/// Where a request may carry its key: the <c>Authorization: Bearer</c> header only (issue #15, item 3). Other headers
/// and the query string are never read, so a key has one place to travel and one place to keep out of logs.
/// </summary>
public static class ApiKeyReader
{
    public static string? Read(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = authorization["Bearer ".Length..].Trim();
        return key.Length == 0 ? null : key;
    }
}
