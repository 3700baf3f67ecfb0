using System.Net;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Exercises;

[Collection(PlatformCollection.Name)]
public sealed class GenerationCancelTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Canceling_a_generation_stops_the_llm_stream()
    {
        platform.Llm.DefaultDelayBetweenPieces = TimeSpan.FromSeconds(1);
        try
        {
            var taskId = await api.GenerateAcceptedAsync(new { topic = "cells", count = 3, types = new[] { "true_false" }, language = "en" });
            await api.WaitUntilAsync(taskId, _ => platform.Llm.CurrentRequests > 0, TimeSpan.FromSeconds(30));
            using var cancel = await api.Http.PostAsync($"/api/v1/tasks/{taskId}/cancel", null);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

            var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(30));
            Assert.Equal("canceled", task.GetProperty("status").GetString());
            // The stream would have taken 8 s more; the connection to the model is closed, not left to finish.
            await api.WaitUntilAsync(taskId, _ => platform.Llm.CurrentRequests == 0, TimeSpan.FromSeconds(5));
        }
        finally
        {
            platform.Llm.DefaultDelayBetweenPieces = TimeSpan.Zero;
        }
    }
}
