using System.Net;
using System.Text.Json.Nodes;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Exercises;

/// <summary>Answers are graded: objective types at once, short answers by a grading task.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SubmissionTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Objective_answers_are_graded_at_once_including_对错_and_full_width_characters()
    {
        var exercises = await GenerateAsync(
            LlmGenerationTests.ChoiceItem("光合作用主要发生在哪里？", "B"),
            Item("true_false", "光合作用需要光照。", "true"),
            Item("fill_in_blank", "植物通过光合作用吸收____。", "CO2|二氧化碳"));
        var (choice, trueFalse, blank) = (exercises[0], exercises[1], exercises[2]);

        await AssertGradedAsync(choice, "B", correct: true, expected: "B. Chloroplast");
        await AssertGradedAsync(choice, "A", correct: false, expected: "B. Chloroplast");
        await AssertGradedAsync(trueFalse, "对", correct: true, expected: "true");
        await AssertGradedAsync(trueFalse, "错", correct: false, expected: "true");
        await AssertGradedAsync(blank, "ＣＯ２", correct: true, expected: "CO2|二氧化碳");
        await AssertGradedAsync(blank, "氧气", correct: false, expected: "CO2|二氧化碳");
    }

    [Fact]
    public async Task A_short_answer_is_graded_by_a_task_with_the_llm()
    {
        var exercise = (await GenerateAsync(Item("short_answer", "简述光合作用的意义。", "把光能转化为化学能，并释放氧气。")))[0];
        platform.Llm.Enqueue(ScriptedReply.Content("""{"score": 0.8, "feedback": "要点基本正确。"}"""));

        var (status, task) = await api.PostAsync($"/api/v1/exercises/{exercise.GetProperty("id").GetGuid()}/submissions", new { answer = "它把光能变成化学能。" });
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("exercise.grade", task.GetProperty("type").GetString());
        var result = (await api.SucceededAsync(task.GetProperty("taskId").GetGuid())).GetProperty("result");

        Assert.Equal("llm", result.GetProperty("grader").GetString());
        var submission = await api.GetJsonAsync($"/api/v1/submissions/{result.GetProperty("submissionId").GetGuid()}");
        Assert.Equal("graded", submission.GetProperty("status").GetString());
        Assert.Equal(0.8, submission.GetProperty("score").GetDouble(), 3);
        Assert.True(submission.GetProperty("correct").GetBoolean());
        Assert.Equal("要点基本正确。", submission.GetProperty("feedback").GetString());
    }

    [Fact]
    public async Task Submissions_to_missing_exercises_or_without_an_answer_are_problems()
    {
        var (missing, problem) = await api.PostAsync($"/api/v1/exercises/{Guid.NewGuid()}/submissions", new { answer = "A" });
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("not_found", problem.GetProperty("code").GetString());

        var exercise = (await GenerateAsync(Item("true_false", "叶绿体含有叶绿素。", "true")))[0];
        var (empty, emptyProblem) = await api.PostAsync($"/api/v1/exercises/{exercise.GetProperty("id").GetGuid()}/submissions", new { answer = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Equal("answer_missing", emptyProblem.GetProperty("code").GetString());
    }

    private async Task AssertGradedAsync(System.Text.Json.JsonElement exercise, string answer, bool correct, string expected)
    {
        var (status, graded) = await api.PostAsync($"/api/v1/exercises/{exercise.GetProperty("id").GetGuid()}/submissions", new { answer });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(correct, graded.GetProperty("correct").GetBoolean());
        Assert.Equal(expected, graded.GetProperty("expectedAnswer").GetString());
        var stored = await api.GetJsonAsync($"/api/v1/submissions/{graded.GetProperty("submissionId").GetGuid()}");
        Assert.Equal(correct, stored.GetProperty("correct").GetBoolean());
        Assert.Equal("objective", stored.GetProperty("grader").GetString());
    }

    /// <summary>Has the LLM "write" exactly these exercises, and returns them as the API stores them.</summary>
    private async Task<List<System.Text.Json.JsonElement>> GenerateAsync(params JsonObject[] items)
    {
        platform.Llm.Enqueue(ScriptedReply.Content(LlmGenerationTests.ExercisesDocument(items), pieces: 4));
        var types = items.Select(i => i["type"]!.GetValue<string>()).Distinct().ToArray();
        var taskId = await api.GenerateAcceptedAsync(new { topic = "光合作用", count = items.Length, types, difficulty = "easy", language = "zh" });
        await api.SucceededAsync(taskId);
        return await api.ExercisesOfTaskAsync(taskId);
    }

    private static JsonObject Item(string type, string question, string answer) => new()
    {
        ["type"] = type,
        ["question"] = question,
        ["options"] = new JsonArray(),
        ["answer"] = answer,
        ["explanation"] = "见课本第三章。",
        ["difficulty"] = "easy",
        ["source_chunks"] = new JsonArray(),
    };
}
