using System.Net;
using System.Text;
using System.Text.Json;
using Bogus;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Documents;

[Collection(PlatformCollection.Name)]
public sealed class TextIngestionTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Uploaded_text_is_ingested_live_over_sse_and_its_chunks_are_readable()
    {
        var faker = new Faker("en") { Random = new Randomizer(20261123) };
        var paragraphs = Enumerable.Range(0, 12).Select(_ => faker.Lorem.Paragraph(6)).ToList();
        // No worker serves the ingest queue until the client is watching, so the whole run is seen live.
        await platform.StopInProcessWorkersAsync();
        JsonElement accepted;
        var events = new List<SseEvent>();
        try
        {
            accepted = await api.UploadAcceptedAsync(Encoding.UTF8.GetBytes(string.Join("\n\n", paragraphs)), "lesson.txt", "Lesson 1");
            var watchedId = accepted.GetProperty("taskId").GetGuid();
            Assert.Equal($"/api/v1/tasks/{watchedId}/events", accepted.GetProperty("eventsUrl").GetString());
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await foreach (var e in api.ReadEventsAsync(watchedId).WithCancellation(timeout.Token))
            {
                events.Add(e);
                if (events.Count == 1)
                {
                    Assert.Equal("queued", e.Status);
                    await platform.StartWorkerAsync();
                }
            }
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }

        var taskId = accepted.GetProperty("taskId").GetGuid();
        var documentId = accepted.GetProperty("documentId").GetGuid();

        Assert.Equal("state", events[0].Event);
        Assert.Equal("succeeded", events[^1].Status);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Id));
        var stages = events.Select(e => e.Stage).Where(s => s is not null).Distinct().ToList();
        Assert.Contains("parsing", stages);
        Assert.Contains("chunking", stages);
        Assert.Contains(events, e => e.Status == "running");

        var task = await api.GetTaskAsync(taskId);
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var chunkCount = task.GetProperty("result").GetProperty("chunkCount").GetInt32();
        Assert.True(chunkCount > 1);

        var document = await api.GetJsonAsync($"/api/v1/documents/{documentId}");
        Assert.Equal("ready", document.GetProperty("status").GetString());
        Assert.Equal("Lesson 1", document.GetProperty("title").GetString());
        Assert.Equal(chunkCount, document.GetProperty("chunkCount").GetInt32());

        var chunks = await api.GetJsonAsync($"/api/v1/documents/{documentId}/chunks?page=1&pageSize=100");
        Assert.Equal(chunkCount, chunks.GetProperty("total").GetInt32());
        var texts = chunks.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("text").GetString()!).ToList();
        var all = string.Join(" ", texts);
        Assert.All(paragraphs, p => Assert.Contains(p.Split('.')[0], all, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, chunkCount), chunks.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("ordinal").GetInt32()));
    }

    [Fact]
    public async Task Gb18030_chinese_upload_comes_back_as_the_original_text()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var faker = new Faker("zh_CN") { Random = new Randomizer(7) };
        var sentences = Enumerable.Range(0, 8).Select(i => $"第{i + 1}课：{faker.Address.City()}的{faker.Commerce.ProductName()}很重要。").ToList();
        var text = string.Join("\n\n", sentences);
        var accepted = await api.UploadAcceptedAsync(Encoding.GetEncoding("GB18030").GetBytes(text), "课文.txt");

        var task = await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid());
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var chunks = await api.GetJsonAsync($"/api/v1/documents/{accepted.GetProperty("documentId").GetGuid()}/chunks?pageSize=100");
        var all = string.Concat(chunks.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
        Assert.All(sentences, s => Assert.Contains(s, all, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_bytes_uploaded_again_answer_with_the_existing_document()
    {
        var content = Encoding.UTF8.GetBytes($"Unique lesson {Guid.NewGuid()}.\n\nPhotosynthesis turns light into chemical energy.");
        var first = await api.UploadAcceptedAsync(content, "a.txt");
        await api.WaitForFinalAsync(first.GetProperty("taskId").GetGuid());

        using var again = await api.UploadAsync(content, "b.txt");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = JsonSerializer.Deserialize<JsonElement>(await again.Content.ReadAsStringAsync());
        Assert.True(body.GetProperty("alreadyExisted").GetBoolean());
        Assert.Equal(first.GetProperty("documentId").GetGuid(), body.GetProperty("documentId").GetGuid());

        using var reindex = await api.UploadAsync(content, "b.txt", query: "?reindex=true");
        Assert.Equal(HttpStatusCode.Accepted, reindex.StatusCode);
        var reindexed = JsonSerializer.Deserialize<JsonElement>(await reindex.Content.ReadAsStringAsync());
        Assert.NotEqual(first.GetProperty("taskId").GetGuid(), reindexed.GetProperty("taskId").GetGuid());
        var task = await api.WaitForFinalAsync(reindexed.GetProperty("taskId").GetGuid());
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var chunks = await api.GetJsonAsync($"/api/v1/documents/{first.GetProperty("documentId").GetGuid()}/chunks");
        Assert.Equal(task.GetProperty("result").GetProperty("chunkCount").GetInt32(), chunks.GetProperty("total").GetInt32());
    }
}
