using System.Net;
using System.Text.Json.Nodes;
using TaskRunner.Generation.Exercises;
using TaskRunner.Generation.Llm;
using TaskRunner.IntegrationTests.Chat;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.IntegrationTests.Prompts;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Exercises;

/// <summary>
/// Every LLM call is bounded: it carries max_tokens for its kind (exercises, material analysis, grading, prompts, and
/// the Api's chat answers, which are bounded as prompts), a reply that streams forever fails with llm_timeout at
/// the total deadline, and one longer than the character cap fails with llm_reply_too_long.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LlmReplyBoundsTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string EndlessTopic = "A lesson that never ends";
    private const string LongTopic = "A lesson far too long";
    private const string GradedTopic = "A lesson with a short answer to grade";
    private const string BoundedPrompt = "Bounded by";
    private const string AnalysisReply = """{"summary":"s","key_points":["k"],"difficulty":"easy","suggested_types":["true_false"]}""";

    private static readonly JsonObject ShortAnswer = new()
    {
        ["type"] = "short_answer",
        ["question"] = "What does photosynthesis do with light?",
        ["options"] = new JsonArray(),
        ["answer"] = "It turns light into chemical energy.",
        ["explanation"] = "See chapter three.",
        ["difficulty"] = "easy",
        ["source_chunks"] = new JsonArray(),
    };

    public async Task InitializeAsync()
    {
        await platform.StopInProcessWorkersAsync();
        await platform.StartWorkerAsync(settings: new Dictionary<string, string?>
        {
            ["Llm:TimeoutSeconds"] = "2",
            ["Llm:TotalTimeoutSeconds"] = "4",
            ["Llm:MaxReplyCharacters"] = "1000",
            ["Llm:MaxOutputTokens:Exercises"] = "777",
            ["Llm:MaxOutputTokens:Grading"] = "333",
            ["Llm:MaxOutputTokens:Prompt"] = "555",
        });
        platform.Llm.Responder = request =>
            request.LastUserMessage.Contains(EndlessTopic, StringComparison.Ordinal) ? ScriptedReply.Endless("{\"exercises\":[", TimeSpan.FromMilliseconds(200))
            : request.LastUserMessage.Contains(LongTopic, StringComparison.Ordinal) ? ScriptedReply.Content(new string('x', 3000), pieces: 30)
            : request.LastUserMessage.Contains(GradedTopic, StringComparison.Ordinal) ? ScriptedReply.Content(LlmGenerationTests.ExercisesDocument(ShortAnswer))
            : request.JsonSchemaName == "material_analysis" ? ScriptedReply.Content(AnalysisReply)
            : request.JsonSchemaName == ShortAnswerGradingPrompt.SchemaName ? ScriptedReply.Content("""{"score": 0.9, "feedback": "Good."}""")
            : request.LastUserMessage.StartsWith(BoundedPrompt, StringComparison.Ordinal) ? ScriptedReply.Content("A short completion.")
            : request.Messages[0].Content.Contains("numbered passages", StringComparison.Ordinal) ? ScriptedReply.Content("In the chloroplasts [1].")
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
        var api = platform.ApiClient;
        platform.Llm.ResetCounters();
        await api.SucceededAsync(await api.GenerateAcceptedAsync(new { topic = "Photosynthesis", count = 2, types = new[] { "multiple_choice" }, language = "en" }));
        var (_, analysis) = await api.PostAsync("/api/v1/materials/analyze", new { text = Lesson.English(3) });
        await api.SucceededAsync(analysis.GetProperty("taskId").GetGuid());

        // A short answer is graded by an exercise.grade task.
        var generated = await api.GenerateAcceptedAsync(new { topic = GradedTopic, count = 1, types = new[] { "short_answer" }, language = "en" });
        await api.SucceededAsync(generated);
        var exercise = Assert.Single(await api.ExercisesOfTaskAsync(generated));
        var (status, grading) = await api.PostAsync($"/api/v1/exercises/{exercise.GetProperty("id").GetGuid()}/submissions", new { answer = "Light becomes chemical energy." });
        Assert.Equal(HttpStatusCode.Accepted, status);
        await api.SucceededAsync(grading.GetProperty("taskId").GetGuid());

        // llm.prompt tasks: the kind's bound, unless the prompt names its own.
        await api.SucceededAsync((await api.SubmitPromptAsync(new { prompt = "Bounded by the kind." })).TaskId);
        await api.SucceededAsync((await api.SubmitPromptAsync(new { prompt = "Bounded by itself.", maxTokens = 200 })).TaskId);

        var requests = platform.Llm.Requests;
        var exercises = requests.Where(r => r.JsonSchemaName == ExerciseSchema.Name).ToList();
        Assert.Equal(2, exercises.Count);
        Assert.All(exercises, r => Assert.Equal(777, r.MaxTokens));
        Assert.Equal(2048, requests.Single(r => r.JsonSchemaName == "material_analysis").MaxTokens);
        Assert.Equal(333, requests.Single(r => r.JsonSchemaName == ShortAnswerGradingPrompt.SchemaName).MaxTokens);
        Assert.Equal(555, requests.Single(r => r.LastUserMessage == "Bounded by the kind.").MaxTokens);
        Assert.Equal(200, requests.Single(r => r.LastUserMessage == "Bounded by itself.").MaxTokens);
    }

    [Fact]
    public async Task A_chat_answer_carries_the_prompt_bound_of_the_api()
    {
        var chat = new ChatClient(await platform.CreateClientAsync($"bounds-{Guid.NewGuid():N}"[..20]));
        await chat.IngestTextAsync("Photosynthesis takes place inside the chloroplasts of leaf cells.", "bounded-chat");
        platform.Llm.ResetCounters();

        var answered = await chat.AskAsync(new { question = "Where does photosynthesis take place?", stream = false });

        Assert.Equal("generative", answered.GetProperty("mode").GetString());
        var asked = Assert.Single(platform.Llm.Requests, r => r.Messages[0].Content.Contains("numbered passages", StringComparison.Ordinal));

        // The chat gateway runs in the Api, whose Llm__MaxOutputTokens__Prompt is the default (the 555 above is the Worker's).
        Assert.Equal(new LlmOutputTokens().Prompt, asked.MaxTokens);
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
