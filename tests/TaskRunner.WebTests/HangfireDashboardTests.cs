using Microsoft.Playwright;
using TaskRunner.Testing.Corpus;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaskRunner.WebTests;

/// <summary>
/// The Hangfire dashboard as an operator sees it in Chromium: signed in through its form with an operator key, it shows
/// a failed task's job under Failed with the task's error code and a succeeded task's job under Succeeded. The pages
/// are saved for the README (scripts/screenshots.sh puts them in docs/images).
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class HangfireDashboardTests(WebAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task An_operator_signs_in_and_sees_a_failed_tasks_job_failed_with_its_code_and_a_succeeded_one_succeeded()
    {
        var api = app.Platform.ApiClient;
        using var corpus = new CorpusDirectory();
        var upload = await api.UploadAcceptedAsync(await File.ReadAllBytesAsync(TestCorpus.WriteTruncatedZip(corpus.Path)), "lesson-plan.docx");
        var failed = await api.WaitForFinalAsync(upload.GetProperty("taskId").GetGuid());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var failedJob = failed.GetProperty("hangfireJobId").GetString()!;
        var succeeded = await api.WaitForFinalAsync((await api.SubmitNoopAsync(0, 1)).TaskId);
        Assert.Equal("succeeded", succeeded.GetProperty("status").GetString());
        var succeededJob = succeeded.GetProperty("hangfireJobId").GetString()!;
        var operatorKey = (await app.Platform.CreateKeyAsync("operator", isOperator: true)).Key;

        await using var session = new BrowserSession(await app.NewPageAsync(viewport: new ViewportSize { Width = 1280, Height = 800 }), output);
        await session.RunAsync("hangfire-dashboard", async page =>
        {
            await page.GotoAsync("/hangfire/sign-in");
            await page.GetByLabel("Operator key").FillAsync(operatorKey);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/hangfire/?$"));
            Assert.DoesNotContain(operatorKey, page.Url, StringComparison.Ordinal);

            // The job's state is the task's: Failed (the platform's retries are its own, so no automatic retry hides it).
            await page.GotoAsync("/hangfire/jobs/failed");
            await Expect(page.Locator($"a[href$='/jobs/details/{failedJob}']").First).ToBeVisibleAsync();
            await AppScreenshots.SaveAsync(page, "dashboard-failed.png", output);

            await page.GotoAsync($"/hangfire/jobs/details/{failedJob}");
            await Expect(page.Locator(".state-card").First).ToContainTextAsync("Failed");
            await Expect(page.Locator("body")).ToContainTextAsync("file_corrupt");
            await Expect(page.Locator(".state-card", new() { HasText = "Succeeded" })).ToHaveCountAsync(0);
            await AppScreenshots.SaveAsync(page, "dashboard-job.png", output);

            await page.GotoAsync("/hangfire/jobs/succeeded");
            await Expect(page.Locator($"a[href$='/jobs/details/{succeededJob}']").First).ToBeVisibleAsync();
            await Expect(page.Locator($"a[href$='/jobs/details/{failedJob}']")).ToHaveCountAsync(0);
        });
    }
}
