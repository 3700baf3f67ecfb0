using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Retrieval.Lexical;

namespace TaskRunner.IntegrationTests.Chat;

/// <summary>
/// Chat retrieval reads keyword hits, the graph and chunk texts from the Api's in-memory lexical index; through HTTP, a
/// document ingested after the tenant's index was loaded becomes answerable, and a deleted one disappears, within the
/// index's staleness bound (polled with a deadline).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ChatFreshnessTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string tenant = $"fresh-{Guid.NewGuid():N}"[..20];
    private ChatClient chat = null!;

    public async Task InitializeAsync()
    {
        await platform.EnsureWorkerAsync();
        chat = new ChatClient(await platform.CreateClientAsync(tenant));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_new_document_becomes_answerable_and_a_deleted_one_disappears()
    {
        var volcano = await chat.IngestTextAsync("Volcanoes erupt when magma rises through cracks in the crust.", "volcano");
        var first = await AskAsync("Why do volcanoes erupt?");
        Assert.Contains(first, p => p.DocumentId == volcano && p.KeywordRank is not null);
        var indexes = platform.ApiServices.GetRequiredService<LexicalIndexSet>();
        Assert.Contains(indexes.Loaded(), l => l.TenantId == tenant && l.Documents == 1);

        var basalt = await chat.IngestTextAsync("Basalt columns form as lava contracts while cooling.", "basalt");
        await PollAsync("the new document answers", async () =>
            (await AskAsync("How do basalt columns form?")).Any(p => p.DocumentId == basalt && p.KeywordRank is not null));

        using var deleted = await chat.Api.Http.DeleteAsync($"/api/v1/documents/{volcano}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        var task = await chat.Api.WaitForFinalAsync((await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetGuid());
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        await PollAsync("the deleted document is gone", async () =>
            (await AskAsync("Why do volcanoes erupt?")).All(p => p.DocumentId != volcano));

        Assert.Contains(indexes.Loaded(), l => l.TenantId == tenant && l.Documents == 1);
        Assert.Contains(await AskAsync("How do basalt columns form?"), p => p.DocumentId == basalt);
    }

    private async Task<IReadOnlyList<Passage>> AskAsync(string question)
    {
        var answer = await chat.AskAsync(new { question, stream = false, topK = 5 });
        return answer.GetProperty("passages").EnumerateArray().Select(p => new Passage(
            p.GetProperty("documentId").GetGuid(),
            p.TryGetProperty("keywordRank", out var rank) && rank.ValueKind == JsonValueKind.Number ? rank.GetInt32() : null)).ToList();
    }

    private static async Task PollAsync(string what, Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!await condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"{what}: not within {Deadline.TotalSeconds} s");
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private sealed record Passage(Guid DocumentId, int? KeywordRank);
}
