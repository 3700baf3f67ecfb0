using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Exercises;

/// <summary>
/// Every LLM call is bounded: it carries max_tokens for its kind, a reply that streams forever fails with llm_timeout at
/// the total deadline, and one longer than the character cap fails with llm_reply_too_long.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LlmReplyBoundsTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string EndlessTopic = "A lesson that never ends";
    private const string LongTopic = "A lesson far too long";
    private const string AnalysisReply = """{"summary":"s","key_points":["k"],"difficulty":"easy","suggested_types":["true_false"]}""";

    public async Task InitializeAsync()
    {
        await platform.StopInProcessWorkersAsync();
        await platform.StartWorkerAsync(settings: new Dictionary<string, string?>
        {
            ["Llm:TimeoutSeconds"] = "2",
            ["Llm:TotalTimeoutSeconds"] = "4",
            ["Llm:MaxReplyCharacters"] = "1000",
            ["Llm:MaxOutputTokens:Exercises"] = "777",
        });
        platform.Llm.Responder = request =>
            request.LastUserMessage.Contains(EndlessTopic, StringComparison.Ordinal) ? ScriptedReply.Endless("{\"exercises\":[", TimeSpan.FromMilliseconds(200))
            : request.LastUserMessage.Contains(LongTopic, StringComparison.Ordinal) ? ScriptedReply.Content(new string('x', 3000), pieces: 30)
            : request.JsonSchemaName == "material_analysis" ? ScriptedReply.Content(AnalysisReply)
            : null;
    }

    public async Task DisposeAsync()
    {
        platform.Llm.Responder = null;
        await platform.StopInProcessWorkersAsync();
        await platform.EnsureWorkerAsync();
    }

    [Fact]
    public async Task Each_kind_of_call_carries_its_max_tokens()
    {
        platform.Llm.ResetCounters();
        await platform.ApiClient.SucceededAsync(await platform.ApiClient.GenerateAcceptedAsync(
            new { topic = "Photosynthesis", count = 2, types = new[] { "multiple_choice" }, language = "en" }));
        var (_, analysis) = await platform.ApiClient.PostAsync("/api/v1/materials/analyze", new { text = Lesson.English(3) });
        await platform.ApiClient.SucceededAsync(analysis.GetProperty("taskId").GetGuid());

        var requests = platform.Llm.Requests;
        Assert.Equal(777, requests.Single(r => r.JsonSchemaName != "material_analysis").MaxTokens);
        Assert.Equal(2048, requests.Single(r => r.JsonSchemaName == "material_analysis").MaxTokens);
    }

    [Fact]
    public async Task A_reply_that_streams_forever_fails_with_llm_timeout()
    {
        var task = await FinalOfAsync(EndlessTopic);

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_timeout", task.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_reply_longer_than_the_cap_fails_with_llm_reply_too_long()
    {
        var task = await FinalOfAsync(LongTopic);

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_reply_too_long", task.GetProperty("error").GetProperty("code").GetString());
    }

    private async Task<System.Text.Json.JsonElement> FinalOfAsync(string topic)
    {
        var taskId = await platform.ApiClient.GenerateAcceptedAsync(new { topic, count = 2, types = new[] { "multiple_choice" }, language = "en" });
        return await platform.ApiClient.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(90));
    }
}
