using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;

namespace TaskRunner.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on POST requests: the first request with a key runs and its response is stored; a later
/// request with the same key and the same body gets that response again (same task id), a different body is 422,
/// and requests racing the first one wait for it. Only responses below 500 are kept, so a failed attempt can be retried.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    private const string HeaderName = "Idempotency-Key";
    private const int MaxKeyLength = 200;
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(30);

    public async Task InvokeAsync(HttpContext http, IdempotencyStore store)
    {
        var key = http.Request.Headers[HeaderName].ToString();
        if (!HttpMethods.IsPost(http.Request.Method) || string.IsNullOrEmpty(key) || http.User.Identity?.IsAuthenticated != true)
        {
            await next(http);
            return;
        }

        if (key.Length > MaxKeyLength)
        {
            await ApiProblem.BadRequest("invalid_idempotency_key", $"{HeaderName} must be at most {MaxKeyLength} characters.").ExecuteAsync(http);
            return;
        }

        var ct = http.RequestAborted;
        var tenant = RequestTenant.Of(http);
        var hash = await HashRequestAsync(http.Request, ct);
        if (!await store.TryClaimAsync(tenant, key, hash, ct))
        {
            await ReplayAsync(http, store, tenant, key, hash, ct);
            return;
        }

        var original = http.Response.Body;
        await using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        catch
        {
            await store.ReleaseAsync(tenant, key, CancellationToken.None);
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }

        if (http.Response.StatusCode < 500)
        {
            await store.CompleteAsync(tenant, key, http.Response.StatusCode, http.Response.ContentType, http.Response.Headers.Location.ToString(), captured.ToArray(), CancellationToken.None);
        }
        else
        {
            await store.ReleaseAsync(tenant, key, CancellationToken.None);
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, ct);
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyStore store, string tenant, string key, string hash, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + WaitForFirst;
        while (true)
        {
            var record = await store.GetAsync(tenant, key, ct);
            if (record is null)
            {
                await ApiProblem.Create(409, "idempotency_retry", "Try again", "The first request with this Idempotency-Key failed; send the request again.").ExecuteAsync(http);
                return;
            }

            if (record.RequestHash != hash)
            {
                await ApiProblem.Create(422, "idempotency_key_reused", "Idempotency-Key reused with a different request",
                    "This Idempotency-Key was used within the last 24 hours for a different request; use a new key.").ExecuteAsync(http);
                return;
            }

            if (record.StatusCode is { } status)
            {
                http.Response.StatusCode = status;
                http.Response.ContentType = record.ContentType;
                if (!string.IsNullOrEmpty(record.Location))
                {
                    http.Response.Headers.Location = record.Location;
                }

                http.Response.Headers["Idempotent-Replayed"] = "true";
                await http.Response.Body.WriteAsync(record.Body ?? [], ct);
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                await ApiProblem.Create(409, "idempotency_in_progress", "The first request is still running",
                    "A request with this Idempotency-Key is still being processed; retry shortly.", TimeSpan.FromSeconds(2)).ExecuteAsync(http);
                return;
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>Method, path, query, media type and the body (buffered so the endpoint can still read it).</summary>
    private static async Task<string> HashRequestAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString} {StripBoundary(request.ContentType)}\n"));
        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ? HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value : null;
        if (!string.IsNullOrEmpty(boundary) && mediaType!.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            await HashMultipartAsync(hash, request.Body, boundary, ct);
        }
        else
        {
            await HashStreamAsync(hash, request.Body, ct);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Hashes each part's disposition and content, not the boundary, which differs per request for the same content.</summary>
    private static async Task HashMultipartAsync(IncrementalHash hash, Stream body, string boundary, CancellationToken ct)
    {
        try
        {
            var reader = new MultipartReader(boundary, body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes((section.ContentDisposition ?? "") + "\n"));
                await HashStreamAsync(hash, section.Body, ct);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // A malformed body: the endpoint will answer 400; hash what was read so far.
        }
    }

    private static async Task HashStreamAsync(IncrementalHash hash, Stream stream, CancellationToken ct)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
    }

    /// <summary>Multipart boundaries differ per request even for the same content, so they are left out of the hash.</summary>
    private static string? StripBoundary(string? contentType) =>
        contentType?.Split(';', StringSplitOptions.TrimEntries).FirstOrDefault();
}
