using System.Text;
using TaskRunner.Client;
using TaskRunner.IntegrationTests.Exercises;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Contract;

/// <summary>TaskRunner.Client, generated from the checked-in document, against the Api and a real Worker.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GeneratedClientTests(PlatformFixture platform)
{
    [Fact]
    public async Task Client_uploads_follows_events_to_ready_then_reads_chunks_searches_and_generates_exercises()
    {
        await platform.EnsureWorkerAsync();
        using var http = await platform.CreateClientAsync($"client-{Guid.NewGuid():N}"[..20]);
        var client = new TaskRunnerClient(http);
        var text = Lesson.English(7, paragraphs: 6);
        var sent = new List<long>();

        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var upload = await client.UploadFileAsync(content, "lesson.txt", "Lesson seven", bytesSent: new SynchronousProgress<long>(sent.Add));
        Assert.NotNull(upload.Accepted);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), sent[^1]);

        var events = new List<TaskEvent>();
        var task = await client.WaitForTaskAsync(upload.TaskId!.Value, new SynchronousProgress<TaskEvent>(events.Add));
        Assert.Equal("succeeded", task.Status);
        Assert.Equal("state", events[0].Kind);
        Assert.Equal("succeeded", events[^1].Status);
        Assert.All(events, e => Assert.Equal(upload.TaskId, e.TaskId));

        var document = await client.GetDocumentAsync(upload.DocumentId);
        Assert.Equal("ready", document.Status);
        var chunks = await client.ListDocumentChunksAsync(upload.DocumentId);
        Assert.True(chunks.Total > 0);
        var found = await client.SearchAsync(new SearchRequest { Query = chunks.Items.First().Text[..Math.Min(60, chunks.Items.First().Text.Length)], TopK = 3 });
        Assert.Contains(found.Chunks, c => c.DocumentId == upload.DocumentId);

        // The same bytes again: 200 with the stored document, not a second ingestion.
        await using var again = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var duplicate = await client.UploadFileAsync(again, "lesson-copy.txt");
        Assert.Null(duplicate.Accepted);
        Assert.Equal(upload.DocumentId, duplicate.Existing!.DocumentId);

        var generate = await client.GenerateExercisesAsync(new GenerateExercisesRequest
        {
            DocumentIds = [upload.DocumentId], Count = 3, Types = ["multiple_choice"], Language = "en",
        });
        var generated = await client.WaitForTaskAsync(generate.TaskId!.Value);
        Assert.True(generated.Status == "succeeded", generated.Error?.Message);
        var exercises = await client.ListExercisesAsync(taskId: generate.TaskId);
        Assert.True(exercises.Total >= 1);
        Assert.All(exercises.Items, e => Assert.False(string.IsNullOrWhiteSpace(e.Question)));
    }

    [Fact]
    public async Task Refusals_surface_as_problem_details_with_their_code()
    {
        using var http = await platform.CreateClientAsync($"client-{Guid.NewGuid():N}"[..20]);
        var client = new TaskRunnerClient(http);

        var missing = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => client.GetTaskAsync(Guid.NewGuid()));
        Assert.Equal(404, missing.StatusCode);
        Assert.Equal("not_found", missing.Result.Code);

        var invalid = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => client.SearchAsync(new SearchRequest { Query = " " }));
        Assert.Equal(400, invalid.StatusCode);
        Assert.Equal("query_missing", invalid.Result.Code);

        using var anonymous = platform.CreateAnonymousClient();
        var unauthorized = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => new TaskRunnerClient(anonymous).ListDocumentsAsync());
        Assert.Equal(401, unauthorized.StatusCode);

        var events = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(async () =>
        {
            await foreach (var _ in client.ReadTaskEventsAsync(Guid.NewGuid()))
            {
            }
        });
        Assert.Equal(404, events.StatusCode);
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
