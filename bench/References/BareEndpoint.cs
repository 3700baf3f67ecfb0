using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;

namespace TaskRunner.Bench.References;

/// <summary>
/// The ceiling for "accept and persist": bare Kestrel in the bench process whose POST reads the body and inserts one
/// row with Npgsql, and whose GET selects one row by primary key. Same machine, same database, no framework on top.
/// </summary>
public sealed class BareEndpoint : IAsyncDisposable
{
    private readonly WebApplication app;

    private BareEndpoint(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<BareEndpoint> StartAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using (var create = db.CreateCommand("create table if not exists bench_rows (id uuid primary key, size integer not null, created_at timestamptz not null default now())"))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxConcurrentConnections = null;
        });
        var app = builder.Build();
        app.MapPost("/rows", async (HttpRequest request, CancellationToken token) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, token);
            var id = Guid.CreateVersion7();
            await using var insert = db.CreateCommand("insert into bench_rows (id, size) values ($1, $2)");
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { Value = (int)buffer.Length });
            await insert.ExecuteNonQueryAsync(token);
            return Results.Accepted($"/rows/{id}", new RowResponse(id, (int)buffer.Length, DateTime.UtcNow));
        });
        // The ceiling for an upload: the body streamed to a file as it arrives, then one row.
        var files = Directory.CreateTempSubdirectory("taskrunner-bench-bare-").FullName;
        app.MapPost("/files", async (HttpRequest request, CancellationToken token) =>
        {
            var id = Guid.CreateVersion7();
            long size;
            await using (var file = new FileStream(Path.Combine(files, id.ToString("N")), FileMode.CreateNew, FileAccess.Write, FileShare.None, 16384, useAsync: true))
            {
                await request.Body.CopyToAsync(file, token);
                size = file.Length;
            }

            await using var insert = db.CreateCommand("insert into bench_rows (id, size) values ($1, $2)");
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { Value = (int)size });
            await insert.ExecuteNonQueryAsync(token);
            return Results.Accepted($"/rows/{id}", new RowResponse(id, (int)size, DateTime.UtcNow));
        });
        app.MapGet("/rows/{id:guid}", async (Guid id, CancellationToken token) =>
        {
            await using var select = db.CreateCommand("select size, created_at from bench_rows where id = $1");
            select.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await select.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token)
                ? Results.Ok(new RowResponse(id, reader.GetInt32(0), reader.GetDateTime(1)))
                : Results.NotFound();
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BareEndpoint(app) { BaseUrl = address.TrimEnd('/') };
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
