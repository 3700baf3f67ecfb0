using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaskRunner.WebTests;

/// <summary>Files dropped on the upload view, followed live through ingestion, in headless Chromium against the real Api and Worker.</summary>
[Collection(WebAppCollection.Name)]
public sealed partial class DropUploadTests(WebAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task Dropped_files_each_get_a_progress_bar_to_100_percent_live_ingestion_stages_and_a_ready_document()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        // Unique content: a file the tenant already has would answer "already uploaded" without a task.
        var files = new[]
        {
            new DroppedFile($"cells-{run}.txt", "text/plain", Encoding.UTF8.GetBytes(string.Join("\n\n", Enumerable.Range(1, 5).Select(i =>
                $"Part {i} of lesson {run}. A cell membrane controls what enters and leaves the cell. Mitochondria release energy from glucose.")))),
            new DroppedFile($"叶片-{run}.md", "text/markdown", Encoding.UTF8.GetBytes(
                $"# 叶片的结构 {run}\n\n叶片由表皮、叶肉和叶脉组成。气孔让二氧化碳进入叶片，水分通过气孔散失。\n\n## 叶绿体\n\n叶肉细胞含有许多叶绿体，是光合作用的场所。")),
        };

        await using var session = new BrowserSession(await app.NewPageAsync(), output);
        await session.RunAsync(nameof(Dropped_files_each_get_a_progress_bar_to_100_percent_live_ingestion_stages_and_a_ready_document), async page =>
        {
            await session.SignInAsync(app.ApiKey);
            var written = await DomTextRecorder.StartAsync(page, "#uploads");

            // No worker until both cards follow their task's events: progress travels over pub/sub without replay,
            // so this is what lets every stage reach the page.
            await app.Platform.StopInProcessWorkersAsync();
            try
            {
                var zone = page.Locator("#dropzone");
                var dataTransfer = await page.EvaluateHandleAsync("""
                    (files) => {
                      const transfer = new DataTransfer();
                      for (const f of files) {
                        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
                        transfer.items.add(new File([bytes], f.name, { type: f.type }));
                      }
                      return transfer;
                    }
                    """, files.Select(f => new { name = f.Name, type = f.Type, base64 = Convert.ToBase64String(f.Content) }).ToArray());
                var eventInit = new Dictionary<string, object> { ["dataTransfer"] = dataTransfer };
                await zone.DispatchEventAsync("dragenter", eventInit);
                await zone.DispatchEventAsync("dragover", eventInit);
                await Expect(zone).ToHaveClassAsync(Over());
                await zone.DispatchEventAsync("drop", eventInit);
                await Expect(zone).Not.ToHaveClassAsync(Over());

                await Expect(page.Locator("li.upload")).ToHaveCountAsync(files.Length, new() { Timeout = 30_000 });
                foreach (var file in files)
                {
                    var upload = page.Locator($"li.upload[data-file='{file.Name}']");
                    await Expect(upload.Locator("[data-role=upload-progress]")).ToHaveAttributeAsync("value", "100");
                    await Expect(upload.Locator("[data-role=upload-label]")).ToHaveTextAsync("Upload 100 %");
                    await Expect(upload.Locator(".task")).ToHaveAttributeAsync("data-live", "true");
                    await Expect(upload.Locator(".task")).ToHaveAttributeAsync("data-status", "queued");
                }

                await app.Platform.EnsureWorkerAsync();
                foreach (var file in files)
                {
                    var upload = page.Locator($"li.upload[data-file='{file.Name}']");
                    await Expect(upload.Locator(".task")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 60_000 });
                    await Expect(upload.Locator("[data-role=task-progress]")).ToHaveAttributeAsync("value", "100");
                    await Expect(upload).ToHaveAttributeAsync("data-document-status", "ready");
                    await Expect(upload.Locator("[data-role=document-status]")).ToHaveTextAsync("Document: ready");
                }
            }
            finally
            {
                await app.Platform.EnsureWorkerAsync();
            }

            // Each card showed at least one of the Worker's ingestion stages while its task was still running.
            var texts = await written.ReadAsync();
            foreach (var file in files)
            {
                var ofFile = texts.Where(t => t.File == file.Name).ToList();
                var stage = ofFile.FindIndex(t => t.Role == "task-stage" && IngestionStage().IsMatch(t.Text));
                var succeeded = ofFile.FindIndex(t => t.Role == "task-status" && t.Text == "succeeded");
                // The card's statuses and stages only: CI shows the first lines of a failure.
                var shown = string.Join(" | ", ofFile.Where(t => t.Role is "task-status" or "task-stage").Select(t => $"{t.Role}: {t.Text}"));
                Assert.True(stage >= 0, $"{file.Name}: no ingestion stage was shown; the page wrote {shown}");
                Assert.True(succeeded > stage, $"{file.Name}: the stage was not shown before the task succeeded; the page wrote {shown}");
            }
        });
    }

    private sealed record DroppedFile(string Name, string Type, byte[] Content);

    [GeneratedRegex(@"\bover\b")]
    private static partial Regex Over();

    /// <summary>The stages ExtractStep and EmbedStep report, as the card's label shows them ("parsing 2 %").</summary>
    [GeneratedRegex(@"^(parsing|chunking|storing|graph|embedding) \d{1,3} %$")]
    private static partial Regex IngestionStage();
}
