using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using TaskRunner.Api.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.Api.Problems;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on POST requests: the first request with a key claims it under a lease (renewed while it runs)
/// and its response is stored once the endpoint succeeded; a later request with the same key and body gets that response
/// again (same task id), a different body is 422, and requests racing the first one wait for it. When the holder dies or
/// fails (5xx, or storing its response failed) the claim lapses and a retry runs the request again; task ids derive from
/// the key (<see cref="IdempotentSubmission"/>), so a task the failed attempt submitted is returned, not duplicated.
/// </summary>
public sealed partial class IdempotencyMiddleware(RequestDelegate next, ILogger<IdempotencyMiddleware> logger)
{
    private const string HeaderName = "Idempotency-Key";
    private const int MaxKeyLength = 200;
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(30);

    public async Task InvokeAsync(HttpContext http, IdempotencyStore store, IOptions<IdempotencyOptions> options)
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
        var claim = await store.TryClaimAsync(tenant, key, hash, ct) ?? await ReplayOrTakeOverAsync(http, store, tenant, key, hash, ct);
        if (claim is not null)
        {
            await RunClaimedAsync(http, store, claim, TimeSpan.FromSeconds(options.Value.LeaseSeconds));
        }
    }

    private async Task RunClaimedAsync(HttpContext http, IdempotencyStore store, IdempotencyClaim claim, TimeSpan lease)
    {
        var original = http.Response.Body;
        await using var captured = new MemoryStream();
        http.Response.Body = captured;
        using var running = new CancellationTokenSource();
        var renewal = RenewAsync(store, claim, lease / 3, running.Token);
        try
        {
            using (IdempotentSubmission.Begin(claim.SubmissionSeed))
            {
                await next(http);
            }
        }
        catch
        {
            await ReleaseAsync(store, claim);
            throw;
        }
        finally
        {
            await running.CancelAsync();
            await renewal;
            http.Response.Body = original;
        }

        if (http.Response.StatusCode >= 500 || !await TryCompleteAsync(store, claim, http, captured.ToArray()))
        {
            await ReleaseAsync(store, claim);
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
    }

    /// <summary>Stores the response for replay. A failure here must not fail a request that succeeded: the claim is released instead.</summary>
    private async Task<bool> TryCompleteAsync(IdempotencyStore store, IdempotencyClaim claim, HttpContext http, byte[] body)
    {
        try
        {
            if (await store.CompleteAsync(claim, http.Response.StatusCode, http.Response.ContentType, http.Response.Headers.Location.ToString(), body, CancellationToken.None))
            {
                return true;
            }
            LogClaimLost(claim.Key);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogCompleteFailed(ex, claim.Key);
        }
        return false;
    }

    /// <summary>Gives the claim back so a retry runs again at once; if even that fails, the lease runs out on its own.</summary>
    private async Task ReleaseAsync(IdempotencyStore store, IdempotencyClaim claim)
    {
        try
        {
            await store.ReleaseAsync(claim, CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogReleaseFailed(ex, claim.Key);
        }
    }

    private async Task RenewAsync(IdempotencyStore store, IdempotencyClaim claim, TimeSpan every, CancellationToken running)
    {
        try
        {
            while (true)
            {
                await Task.Delay(every, running);
                try
                {
                    if (!await store.RenewAsync(claim, running))
                    {
                        LogClaimLost(claim.Key);
                        return;
                    }
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    LogRenewFailed(ex, claim.Key);
                }
            }
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
            // The request finished.
        }
    }

    /// <summary>
    /// Waits for the request holding the key: replays its response when it has one, or takes the claim over (returned)
    /// when its lease runs out without one. Null when this request was answered here.
    /// </summary>
    private static async Task<IdempotencyClaim?> ReplayOrTakeOverAsync(HttpContext http, IdempotencyStore store, string tenant, string key, string hash, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + WaitForFirst;
        while (true)
        {
            var record = await store.GetAsync(tenant, key, ct);
            if (record is not null && record.RequestHash != hash)
            {
                await ApiProblem.Create(422, "idempotency_key_reused", "Idempotency-Key reused with a different request",
                    "This Idempotency-Key was used within the last 24 hours for a different request; use a new key.").ExecuteAsync(http);
                return null;
            }

            if (record?.StatusCode is { } status)
            {
                http.Response.StatusCode = status;
                http.Response.ContentType = record.ContentType;
                if (!string.IsNullOrEmpty(record.Location))
                {
                    http.Response.Headers.Location = record.Location;
                }

                http.Response.Headers["Idempotent-Replayed"] = "true";
                await http.Response.Body.WriteAsync(record.Body ?? [], ct);
                return null;
            }

            if ((record is null || record.LeaseExpired) && await store.TryClaimAsync(tenant, key, hash, ct) is { } claim)
            {
                return claim;
            }

            if (DateTime.UtcNow > deadline)
            {
                await ApiProblem.Create(409, "idempotency_in_progress", "The first request is still running",
                    "A request with this Idempotency-Key is still being processed; retry shortly.", TimeSpan.FromSeconds(2)).ExecuteAsync(http);
                return null;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the response for Idempotency-Key {Key} failed; the claim is released so a retry runs again")]
    private partial void LogCompleteFailed(Exception ex, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing Idempotency-Key {Key} failed; its lease runs out on its own")]
    private partial void LogReleaseFailed(Exception ex, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of Idempotency-Key {Key} failed")]
    private partial void LogRenewFailed(Exception ex, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency-Key {Key} was taken over by another request after its lease ran out")]
    private partial void LogClaimLost(string key);
}
