using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TaskRunner.Testing.OpenAi;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaskRunner.WebTests;

/// <summary>A short answer in the quiz is graded by an exercise.grade task on the Worker; the page follows it to the grade.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ShortAnswerQuizTests(WebAppFixture app, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Question = "Why do leaves have stomata?";
    private const string Feedback = "The key point is right; also say that water vapour leaves through them.";

    public Task InitializeAsync() => app.Platform.EnsureWorkerAsync();

    public Task DisposeAsync()
    {
        app.Platform.Llm.Responder = null;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_short_answer_shows_grading_until_its_task_has_run_then_the_score_and_feedback()
    {
        var topic = $"Leaf gas exchange {Guid.NewGuid():N}";
        app.Platform.Llm.Responder = r =>
            r.Messages[0].Content.Contains("grading a short answer", StringComparison.Ordinal) ? ScriptedReply.Content($$"""{"score": 0.8, "feedback": "{{Feedback}}"}""")
            : r.LastUserMessage.Contains(topic, StringComparison.Ordinal) ? ScriptedReply.Content(ShortAnswerExercise(), pieces: 4)
            : null;

        await using var session = new BrowserSession(await app.NewPageAsync(), output);
        await session.RunAsync(nameof(A_short_answer_shows_grading_until_its_task_has_run_then_the_score_and_feedback), async page =>
        {
            await session.SignInAsync(app.ApiKey);
            await page.GetByRole(AriaRole.Button, new() { Name = "Exercises", Exact = true }).ClickAsync();
            await page.GetByLabel("Topic").FillAsync(topic);
            await page.GetByLabel("Number of exercises").FillAsync("1");
            await page.GetByLabel("Language of the exercises").SelectOptionAsync("en");
            await page.GetByLabel("Multiple choice").UncheckAsync();
            await page.GetByLabel("Short answer").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
            await Expect(page.Locator("#generate-task .task")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 60_000 });

            var exercise = page.Locator("#quiz form.exercise");
            await Expect(exercise).ToHaveCountAsync(1);
            await Expect(exercise).ToHaveAttributeAsync("data-type", "short_answer");
            await Expect(exercise.Locator("legend")).ToHaveTextAsync($"1. {Question}");
            await exercise.GetByLabel("Your answer").FillAsync("They let carbon dioxide in for photosynthesis.");
            var grade = exercise.Locator("[data-role=grade]");

            // Without a worker the grading task waits in its queue, and so does the page.
            await app.Platform.StopInProcessWorkersAsync();
            try
            {
                await exercise.GetByRole(AriaRole.Button, new() { Name = "Check answer" }).ClickAsync();
                await Expect(grade).ToHaveTextAsync("Grading…");
                Assert.Null(await grade.GetAttributeAsync("data-correct"));
                await app.Platform.EnsureWorkerAsync();
                await Expect(grade).ToHaveAttributeAsync("data-correct", "true", new() { Timeout = 60_000 });
            }
            finally
            {
                await app.Platform.EnsureWorkerAsync();
            }

            await Expect(grade.Locator("strong")).ToHaveTextAsync("Correct");
            await Expect(grade).ToContainTextAsync("Score: 80 %");
            await Expect(grade.Locator("p")).ToHaveTextAsync(Feedback);
        });

        // The grader was shown the reference answer and what was typed in the page.
        var grading = app.Platform.Llm.Requests.Last(r => r.Messages[0].Content.Contains("grading a short answer", StringComparison.Ordinal));
        Assert.Contains($"Question: {Question}", grading.LastUserMessage, StringComparison.Ordinal);
        Assert.Contains("Student answer: They let carbon dioxide in for photosynthesis.", grading.LastUserMessage, StringComparison.Ordinal);
    }

    private static string ShortAnswerExercise() => new JsonObject
    {
        ["exercises"] = new JsonArray(new JsonObject
        {
            ["type"] = "short_answer",
            ["question"] = Question,
            ["options"] = new JsonArray(),
            ["answer"] = "To let carbon dioxide in and oxygen and water vapour out.",
            ["explanation"] = "Stomata are the pores of the leaf's epidermis.",
            ["difficulty"] = "medium",
            ["source_chunks"] = new JsonArray(),
        }),
    }.ToJsonString();
}
