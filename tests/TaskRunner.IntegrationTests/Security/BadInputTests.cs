using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Faults;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>Hostile and careless requests: each gets a clear 4xx problem, never a 500, and nothing escapes the storage root.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BadInputTests(PlatformFixture platform)
{
    public static TheoryData<string, string, string, string> JsonBodies => new()
    {
        { "/api/v1/search", "{\"query\": \"unterminated", "application/json", "malformed JSON" },
        { "/api/v1/search", "[1,2,3]", "application/json", "an array instead of an object" },
        { "/api/v1/search", "{\"query\": 42}", "application/json", "a number where text belongs" },
        { "/api/v1/search", "{\"query\": \"x\", \"topK\": 1000000}", "application/json", "topK out of range" },
        { "/api/v1/search", "{\"query\": \"x\", \"topK\": -1}", "application/json", "negative topK" },
        { "/api/v1/search", "{\"query\": \"x\", \"documentIds\": [\"not-a-guid\"]}", "application/json", "a malformed id" },
        { "/api/v1/search", "query=x", "application/x-www-form-urlencoded", "a form instead of JSON" },
        { "/api/v1/search", "query", "text/plain", "plain text instead of JSON" },
        { "/api/v1/diagnostics/noop", "{\"durationMs\": -5}", "application/json", "a negative duration" },
        { "/api/v1/diagnostics/noop", "{\"durationMs\": 99999999999999}", "application/json", "a number too big" },
        { "/api/v1/diagnostics/noop", "{\"steps\": \"many\"}", "application/json", "text where a number belongs" },
        { "/api/v1/documents", "{}", "application/json", "JSON instead of multipart" },
        { "/api/v1/documents", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello", "multipart/form-data; boundary=x", "a truncated multipart body" },
        { "/api/v1/documents", "hello", "multipart/form-data", "multipart without a boundary" },
    };

    [Theory]
    [MemberData(nameof(JsonBodies))]
    public async Task Malformed_bodies_get_a_4xx_problem(string url, string body, string contentType, string what)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var response = await platform.Client.PostAsync(url, content);
        var status = (int)response.StatusCode;
        FaultReport.BadInputsTried(1, serverErrors: status >= 500 ? 1 : 0);
        Assert.True(status is >= 400 and < 500, $"{what}: expected a 4xx, got {status}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/tasks?page=-1")]
    [InlineData("/api/v1/tasks?page=99999999999999999999")]
    [InlineData("/api/v1/tasks?pageSize=0")]
    [InlineData("/api/v1/tasks?pageSize=2147483648")]
    [InlineData("/api/v1/tasks?status=RUNNING%00")]
    [InlineData("/api/v1/documents?page=1.5")]
    [InlineData("/api/v1/documents/not-a-guid")]
    [InlineData("/api/v1/tasks/00000000-0000-0000-0000-000000000000")]
    public async Task Bad_paging_ids_and_filters_get_a_4xx(string url)
    {
        using var response = await platform.Client.GetAsync(url);
        FaultReport.BadInputsTried(1, serverErrors: (int)response.StatusCode >= 500 ? 1 : 0);
        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("..\\..\\windows\\win.ini")]
    [InlineData("/absolute/path.txt")]
    [InlineData("课件/../../../etc/shadow")]
    [InlineData("very-long-name-" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.txt")]
    public async Task Upload_names_are_never_used_as_paths(string fileName)
    {
        var content = Encoding.UTF8.GetBytes($"Traversal attempt {Guid.NewGuid()}");
        using var response = await platform.ApiClient.UploadAsync(content, fileName);
        FaultReport.BadInputsTried(1, serverErrors: (int)response.StatusCode >= 500 ? 1 : 0);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            Assert.InRange((int)response.StatusCode, 400, 499);
            return;
        }

        var documentId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documentId").GetGuid();
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        var storagePath = await connection.ExecuteScalarAsync<string>("select storage_path from documents where id = @documentId", new { documentId });
        Assert.Matches(@"^\d{4}/\d{2}/\d{2}/[0-9a-f]{32}\.bin$", storagePath);
        Assert.True(File.Exists(Path.Combine(platform.StorageRoot, storagePath!)));
    }

    [Fact]
    public async Task A_huge_idempotency_key_and_a_huge_query_are_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/diagnostics/noop") { Content = JsonContent.Create(new { durationMs = 0 }) };
        request.Headers.Add("Idempotency-Key", new string('k', 5000));
        using var response = await platform.Client.SendAsync(request);
        using var search = await platform.Client.PostAsJsonAsync("/api/v1/search", new { query = new string('字', 100_000) });
        FaultReport.BadInputsTried(2, serverErrors: new[] { response, search }.Count(r => (int)r.StatusCode >= 500));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, search.StatusCode);
    }
}
