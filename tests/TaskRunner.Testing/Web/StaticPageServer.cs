using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TaskRunner.Testing.Web;

/// <summary>
/// A web site on 127.0.0.1 (Kestrel, random port) for code that fetches URLs: fixed pages and redirects, added at any
/// time; any other path is 404. Counts the requests it answered.
/// </summary>
public sealed class StaticPageServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> routes = new(StringComparer.Ordinal);
    private int requests;

    private StaticPageServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.Run(context =>
        {
            Interlocked.Increment(ref requests);
            if (routes.TryGetValue(context.Request.Path.Value ?? "/", out var answer))
            {
                return answer(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    /// <summary>Like http://127.0.0.1:5123/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public int Requests => Volatile.Read(ref requests);

    public static async Task<StaticPageServer> StartAsync(CancellationToken ct = default)
    {
        var server = new StaticPageServer();
        await server.app.StartAsync(ct);
        var address = server.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Answers GET <paramref name="path"/> with <paramref name="body"/>; returns the page's absolute URL.</summary>
    public Uri Serve(string path, string contentType, string body)
    {
        routes[path] = context =>
        {
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body, context.RequestAborted);
        };
        return new Uri(BaseAddress, path);
    }

    /// <summary>Answers <paramref name="path"/> with 302 Found to <paramref name="location"/>; returns the redirecting URL.</summary>
    public Uri Redirect(string path, Uri location)
    {
        routes[path] = context =>
        {
            context.Response.Redirect(location.ToString());
            return Task.CompletedTask;
        };
        return new Uri(BaseAddress, path);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }
}
