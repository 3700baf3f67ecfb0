using TaskRunner.Api.Tasks;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Generation.Exercises;

namespace TaskRunner.IntegrationTests.Exercises;

/// <summary>Exercise endpoints as a client calls them, plus a direct count of stored rows for idempotency checks.</summary>
internal static class ExerciseApiExtensions
{
    public static async Task<Guid> GenerateAcceptedAsync(this TaskRunnerApiClient api, object body) =>
        (await api.PostAcceptedAsync<TaskAccepted>("/api/v1/exercises/generate", body, "exercise.generate")).TaskId;

    public static async Task<JsonElement> SucceededAsync(this TaskRunnerApiClient api, Guid taskId)
    {
        var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(90));
        Assert.True(task.GetProperty("status").GetString() == "succeeded", $"Task did not succeed: {task}");
        return task;
    }

    /// <summary>The task's exercises through the list endpoint, in ordinal order.</summary>
    public static async Task<List<JsonElement>> ExercisesOfTaskAsync(this TaskRunnerApiClient api, Guid taskId)
    {
        var page = await api.GetJsonAsync($"/api/v1/exercises?taskId={taskId}&pageSize=100");
        return page.GetProperty("items").EnumerateArray().OrderBy(e => e.GetProperty("ordinal").GetInt32()).ToList();
    }

    /// <summary>The exercise as the grading library sees it, read back from the API.</summary>
    public static GeneratedExercise ToGenerated(JsonElement exercise) => new(
        ExerciseTypeNames.Parse(exercise.GetProperty("type").GetString()) ?? throw new InvalidOperationException("unknown type"),
        exercise.GetProperty("question").GetString()!,
        exercise.GetProperty("options").EnumerateArray()
            .Select(o => new ExerciseOption(o.GetProperty("key").GetString()!, o.GetProperty("text").GetString()!)).ToList(),
        exercise.GetProperty("answer").GetString()!,
        exercise.TryGetProperty("explanation", out var e) ? e.GetString() : null,
        Difficulty.Medium,
        []);

    public static async Task<long> StoredExerciseCountAsync(this PlatformFixture platform, Guid taskId)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("select count(*) from exercises where task_id = @taskId", new { taskId });
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(this TaskRunnerApiClient api, string url, object body)
    {
        using var response = await api.Http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text));
    }
}
