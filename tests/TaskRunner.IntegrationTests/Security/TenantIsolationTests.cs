using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

[Collection(PlatformCollection.Name)]
public sealed class TenantIsolationTests(PlatformFixture platform)
{
    [Fact]
    public async Task Another_tenants_key_sees_nothing_of_this_tenant_on_any_endpoint()
    {
        var owner = platform.ApiClient;
        var secret = $"Confidential lesson {Guid.NewGuid()}: the mitochondria is the powerhouse of the cell.";
        var content = Encoding.UTF8.GetBytes(secret);
        var accepted = await owner.UploadAcceptedAsync(content, "secret.txt");
        var documentId = accepted.GetProperty("documentId").GetGuid();
        var taskId = accepted.GetProperty("taskId").GetGuid();
        Assert.Equal("succeeded", (await owner.WaitForFinalAsync(taskId)).GetProperty("status").GetString());

        using var otherClient = await platform.CreateClientAsync("tenant-b");
        var other = new TaskRunnerApiClient(otherClient);
        foreach (var url in new[] { $"/api/v1/documents/{documentId}", $"/api/v1/documents/{documentId}/chunks", $"/api/v1/tasks/{taskId}", $"/api/v1/tasks/{taskId}/events" })
        {
            using var response = await otherClient.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode} to another tenant");
        }

        foreach (var url in new[] { $"/api/v1/tasks/{taskId}/cancel", $"/api/v1/tasks/{taskId}/retry" })
        {
            using var response = await otherClient.PostAsync(url, null);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode} to another tenant");
        }

        var documents = await other.GetJsonAsync("/api/v1/documents?pageSize=100");
        Assert.DoesNotContain(documents.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == documentId);
        var tasks = await other.GetJsonAsync("/api/v1/tasks?pageSize=100");
        Assert.DoesNotContain(tasks.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == taskId);

        using var search = await otherClient.PostAsJsonAsync("/api/v1/search", new { query = "mitochondria powerhouse", documentIds = new[] { documentId } });
        var hits = await search.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(hits.GetProperty("chunks").EnumerateArray());
        using var openSearch = await otherClient.PostAsJsonAsync("/api/v1/search", new { query = "mitochondria powerhouse" });
        Assert.DoesNotContain((await openSearch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chunks").EnumerateArray(),
            c => c.GetProperty("documentId").GetGuid() == documentId);

        // Exercises generated from the document stay the owner's too.
        using var generate = await owner.Http.PostAsJsonAsync("/api/v1/exercises/generate", new { documentIds = new[] { documentId }, count = 1, types = new[] { "true_false" }, language = "en" });
        var generation = (await generate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetGuid();
        Assert.Equal("succeeded", (await owner.WaitForFinalAsync(generation)).GetProperty("status").GetString());
        var exercise = (await owner.GetJsonAsync($"/api/v1/exercises?taskId={generation}")).GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/api/v1/exercises/{exercise}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.DeleteAsync($"/api/v1/exercises/{exercise}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.PostAsJsonAsync($"/api/v1/exercises/{exercise}/submissions", new { answer = "true" })).StatusCode);
        Assert.Empty((await other.GetJsonAsync($"/api/v1/exercises?taskId={generation}")).GetProperty("items").EnumerateArray());
        using var foreignGeneration = await otherClient.PostAsJsonAsync("/api/v1/exercises/generate", new { documentIds = new[] { documentId }, count = 1, types = new[] { "true_false" } });
        Assert.Equal(HttpStatusCode.NotFound, foreignGeneration.StatusCode);
        using var foreignAnalysis = await otherClient.PostAsJsonAsync("/api/v1/materials/analyze", new { documentId });
        Assert.Equal(HttpStatusCode.NotFound, foreignAnalysis.StatusCode);

        // The same bytes are a new document for another tenant: deduplication never crosses tenants.
        var theirs = await other.UploadAcceptedAsync(content, "secret.txt");
        Assert.NotEqual(documentId, theirs.GetProperty("documentId").GetGuid());
        Assert.False(theirs.GetProperty("alreadyExisted").GetBoolean());
    }
}
