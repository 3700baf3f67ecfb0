using System.Text;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaskRunner.WebTests;

/// <summary>The web app in headless Chromium against the real Api and Workers.</summary>
[Collection(WebAppCollection.Name)]
public sealed class WebAppTests(WebAppFixture app, ITestOutputHelper output)
{
    private async Task<BrowserSession> OpenAsync(string locale = "en-US", ViewportSize? viewport = null, bool isMobile = false) =>
        new(await app.NewPageAsync(locale, viewport, isMobile), output);

    [Fact]
    public async Task A_wrong_key_shows_an_error_and_keeps_the_user_signed_out()
    {
        await using var session = await OpenAsync();
        await session.RunAsync(nameof(A_wrong_key_shows_an_error_and_keeps_the_user_signed_out), async page =>
        {
            await session.SignInAsync("trk_not_a_real_key", expectSuccess: false);

            await Expect(page.Locator("#signin-error")).ToHaveTextAsync("This API key was not accepted. Check it and try again.");
            await Expect(page.GetByLabel("API key")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator("#workspace")).ToBeHiddenAsync();
            Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('taskrunner.apiKey')"));
        });
    }

    [Fact]
    public async Task An_upload_shows_its_progress_reach_100_percent_and_the_document_ready_with_its_chunks()
    {
        await using var session = await OpenAsync();
        await session.RunAsync(nameof(An_upload_shows_its_progress_reach_100_percent_and_the_document_ready_with_its_chunks), async page =>
        {
            await session.SignInAsync(app.ApiKey);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Upload documents" })).ToBeVisibleAsync();
            // The key is kept for the tab, never put in a URL.
            Assert.Equal(app.ApiKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('taskrunner.apiKey')"));
            Assert.DoesNotContain(app.ApiKey, page.Url, StringComparison.Ordinal);

            var name = $"plants-{Guid.NewGuid():N}.txt";
            await page.Locator("#file-input").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/plain", Buffer = Lesson() });

            var upload = page.Locator($"li.upload[data-file='{name}']");
            await Expect(upload.Locator("[data-role=upload-progress]")).ToHaveAttributeAsync("value", "100");
            await Expect(upload.Locator("[data-role=upload-label]")).ToHaveTextAsync("Upload 100 %");
            var task = upload.Locator(".task");
            await Expect(task).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 60_000 });
            await Expect(task).ToHaveAttributeAsync("data-live", "true");
            await Expect(task.Locator("[data-role=task-progress]")).ToHaveAttributeAsync("value", "100");
            await Expect(upload).ToHaveAttributeAsync("data-document-status", "ready");
            await Expect(upload.Locator("[data-role=document-status]")).ToHaveTextAsync("Document: ready");

            // Browse: the document is listed and its chunks open.
            await page.GetByRole(AriaRole.Button, new() { Name = "Documents", Exact = true }).ClickAsync();
            var title = name[..^4];
            await page.GetByRole(AriaRole.Button, new() { Name = $"Show chunks of {title}" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Chunks of {title}" })).ToBeFocusedAsync();
            await Expect(page.Locator("#chunks li").First).ToContainTextAsync("photosynthesis");

            // Search finds a passage of it.
            await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
            await page.GetByLabel("Question or keywords").FillAsync("chlorophyll sunlight");
            await page.Locator("#search-form").GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            await Expect(page.Locator("#search-results li").First).ToContainTextAsync("chlorophyll");
        });
    }

    [Fact]
    public async Task Generated_exercises_stream_their_tokens_into_the_page_and_an_answer_is_graded()
    {
        await using var session = await OpenAsync();
        await session.RunAsync(nameof(Generated_exercises_stream_their_tokens_into_the_page_and_an_answer_is_graded), async page =>
        {
            await session.SignInAsync(app.ApiKey);
            await page.GetByRole(AriaRole.Button, new() { Name = "Exercises", Exact = true }).ClickAsync();
            await page.GetByLabel("Topic").FillAsync("Photosynthesis");
            await page.GetByLabel("Number of exercises").FillAsync("2");
            await page.GetByLabel("Language of the exercises").SelectOptionAsync("en");

            // No worker until the page's event stream is connected, so no token can pass before it listens.
            await app.Platform.StopInProcessWorkersAsync();
            try
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
                var task = page.Locator("#generate-task .task");
                await Expect(task).ToHaveAttributeAsync("data-live", "true");
                await Expect(task).ToHaveAttributeAsync("data-status", "queued");
                await app.Platform.EnsureWorkerAsync();
                await Expect(task).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 60_000 });
            }
            finally
            {
                await app.Platform.EnsureWorkerAsync();
            }

            // The model's raw JSON only reaches the page through token events.
            var streamed = await page.Locator("#token-stream").TextContentAsync() ?? "";
            Assert.Contains("\"exercises\"", streamed, StringComparison.Ordinal);
            Assert.Contains("Question 2: which option is correct?", streamed, StringComparison.Ordinal);

            var exercises = page.Locator("#quiz form.exercise");
            await Expect(exercises).ToHaveCountAsync(2);
            var first = exercises.Nth(0);
            await Expect(first.Locator("legend")).ToHaveTextAsync("1. Question 1: which option is correct?");
            await first.GetByLabel("A. Correct answer 1").CheckAsync();
            await first.GetByRole(AriaRole.Button, new() { Name = "Check answer" }).ClickAsync();
            await Expect(first.Locator("[data-role=grade]")).ToHaveAttributeAsync("data-correct", "true");
            await Expect(first.Locator("[data-role=grade] strong")).ToHaveTextAsync("Correct");
            await Expect(first.Locator("[data-role=grade] p")).ToHaveTextAsync("Option A is correct for question 1.");
            await Expect(first.Locator("[data-role=grade]")).Not.ToContainTextAsync("null");

            var second = exercises.Nth(1);
            await second.GetByLabel("B. Distractor 2.1").CheckAsync();
            await second.GetByRole(AriaRole.Button, new() { Name = "Check answer" }).ClickAsync();
            await Expect(second.Locator("[data-role=grade]")).ToHaveAttributeAsync("data-correct", "false");
            await Expect(second.Locator("[data-role=grade] strong")).ToHaveTextAsync("Incorrect");
            await Expect(second.Locator("[data-role=grade]")).ToContainTextAsync("Expected answer: A");
        });
    }

    [Fact]
    public async Task A_running_task_is_canceled_and_retried_from_the_tasks_view()
    {
        var accepted = await app.Platform.ApiClient.SubmitNoopAsync(durationMs: 120_000, steps: 240);
        await using var session = await OpenAsync();
        try
        {
            await session.RunAsync(nameof(A_running_task_is_canceled_and_retried_from_the_tasks_view), async page =>
            {
                await session.SignInAsync(app.ApiKey);
                await page.GetByRole(AriaRole.Button, new() { Name = "Tasks", Exact = true }).ClickAsync();
                await page.Locator($"tr[data-task-id='{accepted.TaskId}']").GetByRole(AriaRole.Button).ClickAsync();
                var card = page.Locator($".live .task[data-task-id='{accepted.TaskId}']");
                await Expect(card).ToHaveAttributeAsync("data-status", "running");

                await card.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
                await Expect(card).ToHaveAttributeAsync("data-status", "canceled");
                await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeHiddenAsync();

                await card.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
                await Expect(card).ToHaveAttributeAsync("data-status", "running");
                await card.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
                await Expect(card).ToHaveAttributeAsync("data-status", "canceled");
            });
        }
        finally
        {
            await app.Platform.Client.PostAsync($"/api/v1/tasks/{accepted.TaskId}/cancel", null);
        }

        var task = await app.Platform.ApiClient.WaitForFinalAsync(accepted.TaskId);
        Assert.Equal("canceled", task.GetProperty("status").GetString());
        Assert.True(task.GetProperty("attempts").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_phone_sized_screen_shows_the_upload_control_without_sideways_scrolling()
    {
        await using var session = await OpenAsync(viewport: new ViewportSize { Width = 390, Height = 844 }, isMobile: true);
        await session.RunAsync(nameof(A_phone_sized_screen_shows_the_upload_control_without_sideways_scrolling), async page =>
        {
            await session.SignInAsync(app.ApiKey);
            var choose = page.GetByText("Choose files");
            await Expect(choose).ToBeVisibleAsync();
            await Expect(choose).ToBeInViewportAsync();
            var box = await choose.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"The upload button spans {box.X}..{box.X + box.Width} px on a 390 px screen.");
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "The page scrolls sideways on a phone.");
            foreach (var tab in new[] { "Upload", "Tasks", "Documents", "Search", "Ask", "Exercises" })
            {
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = tab, Exact = true })).ToBeInViewportAsync();
            }
        });
    }

    private static byte[] Lesson() => Encoding.UTF8.GetBytes(string.Join("\n\n", Enumerable.Range(1, 6).Select(i =>
        $"Part {i}. In photosynthesis, plants use chlorophyll to capture sunlight. Water and carbon dioxide become glucose and oxygen. " +
        $"The light reactions happen in the thylakoid membranes; the Calvin cycle fixes carbon in the stroma. Section {i} ends here.")));
}
