using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Generation.Exercises;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Exercises;

/// <summary>Exercise generation through real Workers, with the OpenAI-compatible test server as the LLM.</summary>
[Collection(PlatformCollection.Name)]
public sealed class LlmGenerationTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Generation_streams_token_events_in_order_and_saves_valid_exercises_readable_through_the_api()
    {
        platform.Llm.ResetCounters();
        platform.Llm.DefaultDelayBetweenPieces = TimeSpan.FromMilliseconds(150);
        await platform.StopInProcessWorkersAsync();
        try
        {
            var taskId = await api.GenerateAcceptedAsync(new { topic = "Photosynthesis", count = 5, types = new[] { "multiple_choice" }, language = "en" });
            var events = new List<SseEvent>();
            await using var stream = api.ReadEventsAsync(taskId).GetAsyncEnumerator();
            Assert.True(await stream.MoveNextAsync());
            events.Add(stream.Current);
            Assert.Equal("queued", stream.Current.Status);

            // Subscribed: only now may a worker pick the task up, so no token can be missed.
            await platform.EnsureWorkerAsync();
            while (await stream.MoveNextAsync())
            {
                events.Add(stream.Current);
            }

            Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
            Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
            Assert.Equal("succeeded", events[^1].Status);
            var tokens = events.Where(e => e.Event == "token").Select(e => e.Data.GetProperty("text").GetString()).ToList();
            Assert.True(tokens.Count >= 2, $"Expected the reply in several token events, got {tokens.Count}");
            var streamed = ExerciseStreamParser.ParseFinal(string.Concat(tokens));
            Assert.Equal(5, streamed.Count);
            Assert.All(streamed, item => Assert.True(item.Exercise is not null && ExerciseValidator.IsValid(item.Exercise)));

            var result = events[^1].Data.GetProperty("result");
            Assert.Equal("llm", result.GetProperty("generator").GetString());
            Assert.Equal(5, result.GetProperty("generated").GetInt32());
            Assert.Equal(5, result.GetProperty("requested").GetInt32());
            var saved = await api.ExercisesOfTaskAsync(taskId);
            Assert.Equal(5, saved.Count);
            Assert.Equal(result.GetProperty("exerciseIds").EnumerateArray().Select(i => i.GetGuid()), saved.Select(e => e.GetProperty("id").GetGuid()));
            foreach (var exercise in saved)
            {
                var one = await api.GetJsonAsync($"/api/v1/exercises/{exercise.GetProperty("id").GetGuid()}");
                Assert.Equal("llm", one.GetProperty("generator").GetString());
                Assert.True(ExerciseValidator.IsValid(ExerciseApiExtensions.ToGenerated(one)));
            }
        }
        finally
        {
            platform.Llm.DefaultDelayBetweenPieces = TimeSpan.Zero;
            await platform.EnsureWorkerAsync();
        }
    }

    [Fact]
    public async Task A_rate_limit_with_retry_after_then_success_yields_exactly_one_set()
    {
        platform.Llm.ResetCounters();
        platform.Llm.Enqueue(ScriptedReply.RateLimited("0.2"));

        var taskId = await api.GenerateAcceptedAsync(new { text = Lesson.English(3), count = 4, types = new[] { "multiple_choice" }, language = "en" });
        var task = await api.SucceededAsync(taskId);

        Assert.Equal(4, await platform.StoredExerciseCountAsync(taskId));
        Assert.Equal(2, task.GetProperty("result").GetProperty("attempts").GetInt32());
        Assert.Equal(2, platform.Llm.TotalRequests);
    }

    [Fact]
    public async Task A_stream_cut_after_some_saved_exercises_is_retried_and_leaves_exactly_one_set()
    {
        platform.Llm.ResetCounters();
        var document = ExercisesDocument(Enumerable.Range(1, 4).Select(i => ChoiceItem($"Cut question {i}?", "B")).ToArray());
        platform.Llm.Enqueue(ScriptedReply.CutMidway(document, pieces: 20, piecesBeforeCut: 14), ScriptedReply.Content(document, pieces: 10));

        var taskId = await api.GenerateAcceptedAsync(new { topic = "Cells", count = 4, types = new[] { "multiple_choice" }, language = "en" });
        await api.SucceededAsync(taskId);

        var saved = await api.ExercisesOfTaskAsync(taskId);
        Assert.Equal(4, await platform.StoredExerciseCountAsync(taskId));
        Assert.Equal(["Cut question 1?", "Cut question 2?", "Cut question 3?", "Cut question 4?"], saved.Select(e => e.GetProperty("question").GetString()));
    }

    [Fact]
    public async Task Invalid_items_are_regenerated_and_the_final_set_is_valid()
    {
        platform.Llm.ResetCounters();
        var lacksOptions = new JsonObject
        {
            ["type"] = "multiple_choice", ["question"] = "Which organelle makes glucose?", ["options"] = new JsonArray(),
            ["answer"] = "A", ["explanation"] = "", ["difficulty"] = "medium", ["source_chunks"] = new JsonArray(),
        };
        platform.Llm.Enqueue(ScriptedReply.Content(ExercisesDocument(ChoiceItem("Valid question?", "C"), lacksOptions, ChoiceItem("Two answers?", "A,B")), pieces: 6));

        var taskId = await api.GenerateAcceptedAsync(new { topic = "Photosynthesis", count = 3, types = new[] { "multiple_choice" }, language = "en" });
        var result = (await api.SucceededAsync(taskId)).GetProperty("result");

        Assert.Equal(3, result.GetProperty("generated").GetInt32());
        Assert.Equal(2, result.GetProperty("invalidDropped").GetInt32());
        Assert.Equal(1, result.GetProperty("regenerationRounds").GetInt32());
        var saved = await api.ExercisesOfTaskAsync(taskId);
        Assert.Equal(3, saved.Count);
        Assert.Equal("Valid question?", saved[0].GetProperty("question").GetString());
        Assert.All(saved, e => Assert.True(ExerciseValidator.IsValid(ExerciseApiExtensions.ToGenerated(e))));
        var regeneration = platform.Llm.Requests[^1].LastUserMessage;
        Assert.Contains("count: 2", regeneration, StringComparison.Ordinal);
        Assert.Contains("exactly one correct answer", regeneration, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permanent_401_fails_the_task_at_once_with_llm_unauthorized()
    {
        platform.Llm.ResetCounters();
        platform.Llm.Enqueue(ScriptedReply.Status(401));

        var taskId = await api.GenerateAcceptedAsync(new { topic = "光合作用", count = 2, types = new[] { "true_false" } });
        var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(60));

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.Equal("llm_unauthorized", task.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, task.GetProperty("attempts").GetInt32());
        Assert.Equal(1, platform.Llm.TotalRequests);
        Assert.Equal(0, await platform.StoredExerciseCountAsync(taskId));
    }

    internal static JsonObject ChoiceItem(string question, string answer) => new()
    {
        ["type"] = "multiple_choice",
        ["question"] = question,
        ["options"] = new JsonArray(Option("A", "Mitochondria"), Option("B", "Chloroplast"), Option("C", "Nucleus"), Option("D", "Ribosome")),
        ["answer"] = answer,
        ["explanation"] = "Photosynthesis happens in the chloroplast.",
        ["difficulty"] = "medium",
        ["source_chunks"] = new JsonArray(),
    };

    internal static string ExercisesDocument(params JsonObject[] items) =>
        new JsonObject { ["exercises"] = new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray()) }.ToJsonString();

    private static JsonObject Option(string key, string text) => new() { ["key"] = key, ["text"] = text };
}
