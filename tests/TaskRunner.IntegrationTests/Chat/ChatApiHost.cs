using Microsoft.AspNetCore.Mvc.Testing;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Chat;

/// <summary>A second in-process Api on the fixture's database with some settings changed (no LLM, a reranker, Qdrant down).</summary>
internal sealed class ChatApiHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> factory;

    private ChatApiHost(WebApplicationFactory<Program> factory, HttpClient client)
    {
        this.factory = factory;
        Client = new ChatClient(client);
    }

    public ChatClient Client { get; }

    public static async Task<ChatApiHost> StartAsync(PlatformFixture platform, string tenant, IReadOnlyDictionary<string, string> settings)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        var client = factory.CreateClient();
        var key = await platform.CreateKeyAsync(tenant);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Key);
        return new ChatApiHost(factory, client);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await factory.DisposeAsync();
        }
        catch (ObjectDisposedException ex)
        {
            // Seen once in a full run: the second Api's host threw this while stopping (Host.StopAsync), after the test's
            // assertions had passed. The chat behaviour is what these tests check; the stop is reported, not failed on.
            await Console.Error.WriteLineAsync($"The second Api host threw while stopping: {ex.Message}");
        }
        finally
        {
            // Always: Hangfire's global log provider must not keep pointing at this host's disposed logger factory, or
            // every Hangfire worker of the fixture fails its fetches from then on.
            HangfireGlobals.DetachLogging();
        }
    }
}
