using System.Text.Json;
using Microsoft.Extensions.Options;

namespace TaskRunner.Api.Batches;

/// <summary>Writes items as JSON Lines (<c>application/x-ndjson</c>) as they are read, flushing every few hundred lines.</summary>
public sealed class JsonLinesResult<T>(IAsyncEnumerable<T> items) : IResult
{
    private const int FlushEvery = 200;
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var ct = httpContext.RequestAborted;
        var options = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        httpContext.Response.ContentType = "application/x-ndjson; charset=utf-8";
        var body = httpContext.Response.Body;
        var count = 0;
        await foreach (var item in items.WithCancellation(ct))
        {
            await JsonSerializer.SerializeAsync(body, item, options, ct);
            await body.WriteAsync(NewLine, ct);
            if (++count % FlushEvery == 0)
            {
                await body.FlushAsync(ct);
            }
        }

        await body.FlushAsync(ct);
    }
}
