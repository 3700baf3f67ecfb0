using System.Net.Http.Headers;
using System.Text;
using TaskRunner.IntegrationTests.Faults;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>
/// A table of hostile requests across every endpoint family. Each must get a 4xx problem; the count of answers of 500
/// or more is recorded for the fault report before it is asserted to be zero.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HostileInputTableTests(PlatformFixture platform)
{
    private const string Json = "application/json";
    private static readonly string Missing = Guid.NewGuid().ToString();

    /// <summary>(method, url, body or null, content type, what it tries). Add rows freely; every row must answer 4xx.</summary>
    private static readonly (string Method, string Url, string? Body, string ContentType, string What)[] Rows =
    [
        ("GET", "/api/v1/tasks?status=nope", null, Json, "unknown status filter"),
        ("GET", "/api/v1/tasks?priority=urgent", null, Json, "unknown priority filter"),
        ("GET", "/api/v1/tasks?page=0", null, Json, "page zero"),
        ("GET", "/api/v1/tasks?pageSize=100000", null, Json, "page size too large"),
        ("GET", "/api/v1/tasks?page=abc", null, Json, "text page"),
        ("GET", $"/api/v1/tasks/{Missing}", null, Json, "unknown task"),
        ("GET", "/api/v1/tasks/not-a-guid", null, Json, "malformed task id"),
        ("GET", $"/api/v1/tasks/{Missing}/events", null, Json, "events of an unknown task"),
        ("POST", $"/api/v1/tasks/{Missing}/cancel", null, Json, "cancel of an unknown task"),
        ("POST", $"/api/v1/tasks/{Missing}/retry", null, Json, "retry of an unknown task"),
        ("DELETE", $"/api/v1/tasks/{Missing}", null, Json, "delete of an unknown task"),
        ("POST", "/api/v1/tasks", "{}", Json, "prompt missing"),
        ("POST", "/api/v1/tasks", "{\"prompt\":\"\"}", Json, "empty prompt"),
        ("POST", "/api/v1/tasks", "{\"prompt\":\"x\",\"priority\":\"urgent\"}", Json, "unknown priority"),
        ("POST", "/api/v1/tasks", "{\"prompt\":\"x\",\"temperature\":\"hot\"}", Json, "text temperature"),
        ("POST", "/api/v1/tasks", "{\"prompt\":\"x\",\"maxTokens\":-1}", Json, "negative max tokens"),
        ("POST", "/api/v1/tasks", "{\"prompt\":\"x\",\"temperature\":1e400}", Json, "temperature beyond a double"),
        ("POST", "/api/v1/tasks", "{\"prompt\":", Json, "truncated JSON"),
        ("POST", "/api/v1/tasks", "\"just a string\"", Json, "a JSON string instead of an object"),
        ("GET", "/api/v1/documents?pageSize=-3", null, Json, "negative page size"),
        ("GET", $"/api/v1/documents/{Missing}", null, Json, "unknown document"),
        ("GET", $"/api/v1/documents/{Missing}/chunks", null, Json, "chunks of an unknown document"),
        ("GET", $"/api/v1/documents/{Missing}/chunks?page=-1", null, Json, "chunks with a negative page"),
        ("DELETE", $"/api/v1/documents/{Missing}", null, Json, "delete of an unknown document"),
        ("POST", "/api/v1/documents", "", "multipart/form-data; boundary=b", "an empty multipart body"),
        ("POST", "/api/v1/documents", "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n", "multipart/form-data; boundary=b", "multipart without a file part"),
        ("POST", "/api/v1/documents", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n\r\n--b--\r\n", "multipart/form-data; boundary=b", "an empty file"),
        ("POST", "/api/v1/documents", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.exe\"\r\n\r\nMZ\x90\0\x03\0\0\0\r\n--b--\r\n", "multipart/form-data; boundary=b", "an executable"),
        ("POST", "/api/v1/documents", "<xml/>", "application/xml", "XML instead of multipart"),
        ("POST", "/api/v1/exercises/generate", "{}", Json, "neither topic nor documents"),
        ("POST", "/api/v1/exercises/generate", "{\"topic\":\"x\",\"count\":0}", Json, "zero exercises"),
        ("POST", "/api/v1/exercises/generate", "{\"topic\":\"x\",\"count\":100000}", Json, "too many exercises"),
        ("POST", "/api/v1/exercises/generate", "{\"topic\":\"x\",\"types\":[\"essay_of_doom\"]}", Json, "unknown exercise type"),
        ("POST", "/api/v1/exercises/generate", "{\"topic\":\"x\",\"difficulty\":\"impossible\"}", Json, "unknown difficulty"),
        ("POST", "/api/v1/exercises/generate", $"{{\"documentIds\":[\"{Missing}\"]}}", Json, "unknown document id"),
        ("POST", "/api/v1/exercises/generate", "{\"documentIds\":[\"nope\"]}", Json, "malformed document id"),
        ("POST", "/api/v1/exercises/generate", "{\"topic\":[1,2]}", Json, "an array as topic"),
        ("GET", $"/api/v1/exercises/{Missing}", null, Json, "unknown exercise"),
        ("GET", "/api/v1/exercises?taskId=nope", null, Json, "malformed task id filter"),
        ("DELETE", $"/api/v1/exercises/{Missing}", null, Json, "delete of an unknown exercise"),
        ("POST", $"/api/v1/exercises/{Missing}/submissions", "{\"answer\":\"true\"}", Json, "answer to an unknown exercise"),
        ("POST", $"/api/v1/exercises/{Missing}/submissions", "{\"answer\":", Json, "truncated answer"),
        ("GET", $"/api/v1/submissions/{Missing}", null, Json, "unknown submission"),
        ("GET", "/api/v1/submissions/0", null, Json, "malformed submission id"),
        ("POST", "/api/v1/batches", "{}", Json, "a batch without items"),
        ("POST", "/api/v1/batches", "{\"items\":[]}", Json, "an empty batch"),
        ("POST", "/api/v1/batches", "{\"items\":[{\"prompt\":\"\"}]}", Json, "a batch item without a prompt"),
        ("POST", "/api/v1/batches", "{\"items\":[{\"prompt\":\"x\",\"temperature\":99}]}", Json, "a batch item temperature out of range"),
        ("POST", "/api/v1/batches", "{\"items\":{\"prompt\":\"x\"}}", Json, "items as an object"),
        ("GET", $"/api/v1/batches/{Missing}", null, Json, "unknown batch"),
        ("GET", $"/api/v1/batches/{Missing}/results", null, Json, "results of an unknown batch"),
        ("POST", $"/api/v1/batches/{Missing}/retry", null, Json, "retry of an unknown batch"),
        ("POST", "/api/v1/materials/analyze", "{}", Json, "neither text nor document"),
        ("POST", "/api/v1/materials/analyze", $"{{\"documentId\":\"{Missing}\"}}", Json, "unknown document to analyze"),
        ("POST", "/api/v1/materials/analyze", "{\"text\":\"\"}", Json, "empty text to analyze"),
        ("POST", "/api/v1/materials/analyze", "{\"documentId\":\"nope\"}", Json, "malformed document id to analyze"),
        ("POST", "/api/v1/search", "{}", Json, "search without a query"),
        ("POST", "/api/v1/search", "{\"query\":\"\"}", Json, "empty search query"),
        ("POST", "/api/v1/search", "{\"query\":\"x\",\"topK\":0}", Json, "topK zero"),
        ("POST", "/api/v1/search", "{\"query\":\"x\",\"documentIds\":\"all\"}", Json, "document ids as text"),
        ("POST", "/api/v1/search", "{\"query\":\"\\ud800\"}", Json, "a lone surrogate"),
        ("POST", "/api/v1/diagnostics/noop", "{\"durationMs\":600001}", Json, "no-op too long"),
        ("POST", "/api/v1/diagnostics/noop", "{\"steps\":0}", Json, "no-op with zero steps"),
        ("POST", "/api/v1/diagnostics/noop", "{\"steps\":1001}", Json, "no-op with too many steps"),
        ("GET", "/api/v1/admin/reconcile", null, Json, "a method the admin route does not serve"),
        ("DELETE", "/api/v1/llm/stats", null, Json, "a method the stats route does not serve"),
        ("PUT", "/api/v1/search", "{\"query\":\"x\"}", Json, "a method the route does not serve"),
        ("GET", "/api/v1/nothing-here", null, Json, "an unknown route"),
        ("POST", "/hangfire/sign-in", "key=", "application/x-www-form-urlencoded", "an empty dashboard sign-in"),
    ];

    [Fact]
    public async Task Every_hostile_request_gets_a_4xx_and_none_gets_a_5xx()
    {
        var answers = new List<(string What, int Status, string Body)>();
        foreach (var (method, url, body, contentType, what) in Rows)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            using var response = await platform.Client.SendAsync(request);
            answers.Add(($"{method} {url} ({what})", (int)response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        FaultReport.BadInputsTried(answers.Count, answers.Count(a => a.Status >= 500));
        Assert.True(Rows.Length >= 60, $"The table has {Rows.Length} rows; the figures promise at least 60.");
        var serverErrors = answers.Where(a => a.Status >= 500).ToList();
        Assert.True(serverErrors.Count == 0, "Answers of 500 or more: " + string.Join("\n", serverErrors.Select(a => $"{a.What}: {a.Status} {a.Body}")));
        var notClientErrors = answers.Where(a => a.Status is < 400 or >= 500).ToList();
        Assert.True(notClientErrors.Count == 0, "Hostile requests that were not refused with a 4xx: " + string.Join("\n", notClientErrors.Select(a => $"{a.What}: {a.Status} {a.Body}")));
    }
}
