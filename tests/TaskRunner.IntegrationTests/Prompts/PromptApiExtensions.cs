using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRunner.Api.Batches;
using TaskRunner.Api.Tasks;
using TaskRunner.IntegrationTests.Api;

namespace TaskRunner.IntegrationTests.Prompts;

/// <summary>Prompt and batch endpoints as a client calls them.</summary>
internal static class PromptApiExtensions
{
    public static Task<TaskAccepted> SubmitPromptAsync(this TaskRunnerApiClient api, object body) =>
        api.PostAcceptedAsync<TaskAccepted>("/api/v1/tasks", body, "llm.prompt");

    public static Task<BatchAccepted> SubmitBatchAsync(this TaskRunnerApiClient api, object body) =>
        api.PostAcceptedAsync<BatchAccepted>("/api/v1/batches", body, "llm.batch");

    /// <summary>POSTs a body that must be refused with 400; returns the problem's code and field.</summary>
    public static async Task<(string? Code, string? Field, string Detail)> RejectedAsync(this TaskRunnerApiClient api, string url, object body)
    {
        using var response = await api.Http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        return (problem.TryGetProperty("code", out var c) ? c.GetString() : null,
            problem.TryGetProperty("field", out var f) ? f.GetString() : null,
            problem.GetProperty("detail").GetString() ?? "");
    }

    public static async Task<JsonElement> BatchAsync(this TaskRunnerApiClient api, Guid batchId, string query = "") =>
        await api.GetJsonAsync($"/api/v1/batches/{batchId}{query}");

    public static int Count(this JsonElement batch, string status) => batch.GetProperty("counts").GetProperty(status).GetInt32();

    public static DateTime StartedAt(this JsonElement task) => task.GetProperty("startedAt").GetDateTime();
}
