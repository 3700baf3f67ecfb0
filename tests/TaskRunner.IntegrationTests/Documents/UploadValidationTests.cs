using System.Net;
using System.Text;
using System.Text.Json;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Documents;

[Collection(PlatformCollection.Name)]
public sealed class UploadValidationTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task An_empty_file_is_a_400_problem()
    {
        using var response = await api.UploadAsync([], "empty.txt");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "empty_file");
    }

    [Fact]
    public async Task A_binary_file_is_a_415_problem_that_lists_the_supported_formats()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3 };
        using var response = await api.UploadAsync(png, "picture.png");
        var problem = await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Contains(".pdf", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_a_file_part_is_a_400_problem()
    {
        using var form = new MultipartFormDataContent { { new StringContent("only a title"), "title" } };
        using var response = await api.Http.PostAsync("/api/v1/documents", form);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "file_missing");
    }

    [Fact]
    public async Task A_json_body_instead_of_multipart_is_a_415_problem()
    {
        using var response = await api.Http.PostAsync("/api/v1/documents", new StringContent("{}", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_content_type");
    }

    [Fact]
    public async Task Unknown_ids_are_404_problems()
    {
        await AssertProblemAsync(await api.Http.GetAsync($"/api/v1/tasks/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await api.Http.GetAsync($"/api/v1/documents/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await api.Http.GetAsync($"/api/v1/documents/{Guid.NewGuid()}/chunks"), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await api.Http.GetAsync($"/api/v1/tasks/{Guid.NewGuid()}/events"), HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("/api/v1/tasks?page=0")]
    [InlineData("/api/v1/tasks?pageSize=1000")]
    [InlineData("/api/v1/documents?page=-3")]
    [InlineData("/api/v1/documents?pageSize=abc")]
    [InlineData("/api/v1/tasks?status=exploded")]
    public async Task Bad_paging_and_filters_are_400_problems(string url)
    {
        using var response = await api.Http.GetAsync(url);
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, null);
        Assert.StartsWith("invalid_", problem.GetProperty("code").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Task_list_filters_by_status_and_type()
    {
        var noop = await api.SubmitNoopAsync(0, 1);
        await api.WaitForFinalAsync(noop.TaskId);
        var list = await api.GetJsonAsync("/api/v1/tasks?status=succeeded&type=diagnostics.noop&pageSize=100");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == noop.TaskId);
        Assert.All(list.GetProperty("items").EnumerateArray(), t => Assert.Equal("succeeded", t.GetProperty("status").GetString()));
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (code is not null)
        {
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }

        return problem;
    }
}
