using System.Text;
using System.Text.Json;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>What a tenant sees of a failure in our infrastructure: a code and a sentence, never hosts, ports or exception text.</summary>
[Collection(PlatformCollection.Name)]
public sealed class InfrastructureErrorTests(PlatformFixture platform)
{
    private const string UnreachableQdrant = "http://127.0.0.1:9";

    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task A_task_failing_on_an_unreachable_vector_store_shows_a_code_and_a_generic_message()
    {
        await platform.StopInProcessWorkersAsync();
        await platform.StartWorkerAsync(settings: new Dictionary<string, string?> { ["Qdrant:Url"] = UnreachableQdrant, ["Retry:MaxAttempts"] = "1" });
        try
        {
            var upload = await api.UploadAcceptedAsync(Encoding.UTF8.GetBytes($"Vectors go nowhere {Guid.NewGuid()}. 向量无处可去。"), "nowhere.txt");
            var task = await api.WaitForFinalAsync(upload.GetProperty("taskId").GetGuid(), TimeSpan.FromSeconds(90));

            Assert.Equal("failed", task.GetProperty("status").GetString());
            var error = task.GetProperty("error");
            Assert.Equal("vector_store_unavailable", error.GetProperty("code").GetString());
            var everything = JsonSerializer.Serialize(task);
            foreach (var leak in new[] { "127.0.0.1", "Connection refused", "Exception", "/collections" })
            {
                Assert.DoesNotContain(leak, everything, StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }
}
