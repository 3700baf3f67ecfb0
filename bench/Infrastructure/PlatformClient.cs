using TaskRunner.Client;

namespace TaskRunner.Bench.Infrastructure;

/// <summary>
/// The Api calls the scenarios make, through the generated client (TaskRunner.Client) on the bench's connection pool;
/// each throws on an unexpected status so the load runner counts it as failed, and answers of 500 or more are counted.
/// Raw <see cref="HttpClient"/> calls remain only where a scenario needs the wire itself: the bare reference endpoints
/// and the LLM stub (they are not TaskRunner), batch results (JSON Lines, which the contract can describe only as one
/// item), and the SSE fan-out scenario, whose subscribers time each event line as it arrives.
/// </summary>
public sealed class PlatformClient(HttpClient http)
{
    private int serverErrors;

    public HttpClient Http => http;

    /// <summary>The generated client over <see cref="Http"/> (its base address and key); the typed calls cost microseconds against the Api's milliseconds.</summary>
    public TaskRunnerClient Client { get; } = new(http);

    /// <summary>Answers with a status of 500 or more so far (issue #12 counts them in every scenario).</summary>
    public int ServerErrors => Volatile.Read(ref serverErrors);

    /// <summary>Uploads a file; returns the ingestion task id (202) — never a duplicate, callers send unique bytes.</summary>
    public async Task<Guid> UploadAsync(byte[] content, string fileName, CancellationToken ct)
    {
        var upload = await CountAsync(() => Client.UploadFileAsync(new MemoryStream(content, writable: false), fileName, cancellationToken: ct));
        return upload.Accepted?.TaskId ?? throw new HttpRequestException($"POST /api/v1/documents answered 200 (a duplicate of document {upload.DocumentId}); the bench sends unique files.");
    }

    public async Task<Guid> SubmitNoopAsync(int durationMs, int steps, CancellationToken ct) =>
        TaskIdOf(await CountAsync(() => Client.SubmitNoopTaskAsync(new NoopRequest { DurationMs = durationMs, Steps = steps }, ct)));

    /// <summary>Submits an exercise generation task; null when the endpoint does not exist (404 or 405).</summary>
    public async Task<Guid?> SubmitGenerationAsync(string topic, CancellationToken ct)
    {
        var request = new GenerateExercisesRequest { Topic = topic, Count = 1, Types = ["multiple_choice"], Difficulty = "easy", Language = "en" };
        try
        {
            return TaskIdOf(await CountAsync(() => Client.GenerateExercisesAsync(request, ct)));
        }
        catch (ApiException e) when (e.StatusCode is 404 or 405)
        {
            return null;
        }
    }

    /// <summary>Submits a prompt task at <paramref name="priority"/>.</summary>
    public async Task<Guid> SubmitPromptAsync(string prompt, TaskPriority priority, CancellationToken ct) =>
        TaskIdOf(await CountAsync(() => Client.SubmitPromptAsync(new PromptRequest { Prompt = prompt, Priority = priority }, ct)));

    public async Task<TaskResponse> GetTaskAsync(Guid id, CancellationToken ct) => await CountAsync(() => Client.GetTaskAsync(id, ct));

    /// <summary>Runs a generated-client call and counts a 5xx answer before letting its exception through.</summary>
    public async Task<T> CountAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiException e) when (e.StatusCode >= 500)
        {
            Interlocked.Increment(ref serverErrors);
            throw;
        }
    }

    private static Guid TaskIdOf(TaskAccepted accepted) => accepted.TaskId ?? throw new HttpRequestException("The Api accepted a task without an id.");
}
