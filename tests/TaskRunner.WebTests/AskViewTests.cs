using System.Text;
using Microsoft.Playwright;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.Testing.OpenAi;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaskRunner.WebTests;

/// <summary>The ask view against the real POST /api/v1/chat (retrieval over ingested documents, the OpenAI-compatible test server as the LLM).</summary>
[Collection(WebAppCollection.Name)]
public sealed class AskViewTests(WebAppFixture app, ITestOutputHelper output) : IAsyncLifetime
{
    // The texts ChatTests asks about: the photosynthesis passage is retrieved first for the question below.
    private const string Photosynthesis = "Photosynthesis takes place inside chloroplasts of leaf cells.";
    private const string Chlorophyll = "Chloroplasts contain chlorophyll pigments that absorb red and blue light.";
    private const string Volcano = "Volcanoes erupt when magma rises through cracks in the crust.";
    private const string Answer = "It happens inside chloroplasts [1].";

    public Task InitializeAsync() => app.Platform.EnsureWorkerAsync();

    public Task DisposeAsync()
    {
        app.Platform.Llm.Responder = null;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ask_streams_the_answer_of_the_chat_endpoint_into_the_page_with_the_source_it_cites()
    {
        // A tenant of its own, so retrieval sees exactly these three documents.
        var tenant = $"web-ask-{Guid.NewGuid():N}"[..20];
        using var http = await app.Platform.CreateClientAsync(tenant);
        var documents = new TaskRunnerApiClient(http);
        foreach (var (title, text) in new[] { ("photosynthesis", Photosynthesis), ("chlorophyll", Chlorophyll), ("volcano", Volcano) })
        {
            var accepted = await documents.UploadAcceptedAsync(Encoding.UTF8.GetBytes(text), title + ".txt", title);
            var task = await documents.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid());
            Assert.Equal("succeeded", task.GetProperty("status").GetString());
        }

        // The chat gateway's requests (its system prompt speaks of numbered passages) get the answer in five pieces.
        app.Platform.Llm.Responder = r => r.Messages[0].Content.Contains("numbered passages", StringComparison.Ordinal)
            ? ScriptedReply.Content(Answer, pieces: 5)
            : null;
        var key = (await app.Platform.CreateKeyAsync(tenant)).Key;

        await using var session = new BrowserSession(await app.NewPageAsync(), output);
        await session.RunAsync(nameof(Ask_streams_the_answer_of_the_chat_endpoint_into_the_page_with_the_source_it_cites), async page =>
        {
            await session.SignInAsync(key);
            await page.GetByRole(AriaRole.Button, new() { Name = "Ask", Exact = true }).ClickAsync();
            var written = await DomTextRecorder.StartAsync(page, "#ask-answer");
            await page.GetByLabel("Your question").FillAsync("Where does photosynthesis take place?");
            await page.Locator("#ask-form").GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();

            await Expect(page.Locator("#ask-form")).ToHaveAttributeAsync("data-state", "answered", new() { Timeout = 30_000 });
            await Expect(page.Locator("#ask-answer")).ToHaveTextAsync(Answer);
            await Expect(page.Locator("#ask-status")).ToBeEmptyAsync();
            // Token by token: a JSON answer would have been written once.
            var pieces = (await written.ReadAsync()).Select(t => t.Text).ToList();
            Assert.True(pieces.Count >= 2, $"The answer was written in {pieces.Count} piece(s): {string.Join(" | ", pieces)}");
            Assert.Equal(Answer, string.Concat(pieces));

            // The cited passage [1] is listed as the first source, with its document's title.
            var source = page.Locator("#ask-sources li").First;
            await Expect(source).ToContainTextAsync($"[1] {Photosynthesis}");
            await Expect(source.Locator(".hint")).ToContainTextAsync("photosynthesis");
        });

        // The LLM was given that passage as [1], and the question the page sent.
        var sent = app.Platform.Llm.Requests.Last(r => r.Messages[0].Content.Contains("numbered passages", StringComparison.Ordinal));
        Assert.Contains($"[1] {Photosynthesis}", sent.Messages[0].Content, StringComparison.Ordinal);
        Assert.Equal("Where does photosynthesis take place?", sent.LastUserMessage);
    }
}
