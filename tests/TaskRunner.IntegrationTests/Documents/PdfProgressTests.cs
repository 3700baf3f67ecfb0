using System.Text.Json;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.IntegrationTests.Documents;

[Collection(PlatformCollection.Name)]
public sealed class PdfProgressTests(PlatformFixture platform) : IDisposable
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;
    private readonly CorpusDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task A_multi_page_pdf_reports_page_by_page_progress_on_the_event_stream()
    {
        const int pageCount = 8;
        var pages = Enumerable.Range(1, pageCount)
            .Select(n => (IReadOnlyList<string>)[$"Page {n} of the handout {Guid.NewGuid():N}.", CorpusText.EnglishParagraph(200 + n, sentences: 8)])
            .ToList();
        var bytes = await File.ReadAllBytesAsync(TestCorpus.WritePdf(dir.Path, pages));

        // The Api creates its Hangfire client on first use, and Hangfire logs through the process-wide provider that the
        // in-process Worker set; enqueue once while that Worker is alive, so stopping it cannot break the Api's client.
        await api.WaitForFinalAsync((await api.SubmitNoopAsync(0, 1)).TaskId);

        // No worker serves the ingest queue until the client is watching, so every progress event is seen live.
        await platform.StopInProcessWorkersAsync();
        var events = new List<SseEvent>();
        try
        {
            var accepted = await api.UploadAcceptedAsync(bytes, "handout.pdf");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await foreach (var e in api.ReadEventsAsync(accepted.GetProperty("taskId").GetGuid()).WithCancellation(timeout.Token))
            {
                events.Add(e);
                if (events.Count == 1)
                {
                    await platform.StartWorkerAsync();
                }
            }
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }

        Assert.Equal("succeeded", events[^1].Status);
        var pageMessages = events
            .Where(e => e.Event == "progress" && e.Stage == "parsing")
            .Select(e => e.Data.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null)
            .Where(m => m is not null && m.StartsWith("page ", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.True(pageMessages.Count >= 3, "Expected several per-page progress events, got: " + string.Join(", ", pageMessages));
        Assert.All(pageMessages, m => Assert.Matches($"^page [1-{pageCount}] of {pageCount}$", m));
        Assert.Contains($"page {pageCount} of {pageCount}", pageMessages);

        // Events arrive in the order the worker published them: progress never goes backwards on the stream.
        var progress = events.Where(e => e.Event == "progress").Select(e => e.Data.GetProperty("progress").GetSingle()).ToList();
        Assert.Equal(progress.Order(), progress);
    }
}
