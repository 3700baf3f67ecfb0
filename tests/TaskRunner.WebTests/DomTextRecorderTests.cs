namespace TaskRunner.WebTests;

/// <summary>The recorder the live-progress tests rely on, checked on a page of its own in headless Chromium.</summary>
[Collection(WebAppCollection.Name)]
public sealed class DomTextRecorderTests(WebAppFixture app)
{
    [Fact]
    public async Task Texts_replaced_within_one_task_are_each_recorded_with_their_role_and_file()
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.SetContentAsync("""
                <ul id="uploads"><li data-file="a.md"><label data-role="task-stage"></label></li></ul>
                """);
            var recorder = await DomTextRecorder.StartAsync(page, "#uploads");

            // Three events read from one network chunk render in one task: the observer runs once, after the first
            // two texts were already replaced.
            await page.EvaluateAsync("""
                () => {
                  const label = document.querySelector('[data-role=task-stage]');
                  for (const text of ['parsing 2 %', 'chunking 75 %', 'embedding 90 %']) label.textContent = text;
                }
                """);
            await page.EvaluateAsync("() => new Promise((resolve) => setTimeout(resolve, 0))");

            var written = await recorder.ReadAsync();
            Assert.Equal(
                [new RecordedText("task-stage", "a.md", "parsing 2 %"), new RecordedText("task-stage", "a.md", "chunking 75 %"), new RecordedText("task-stage", "a.md", "embedding 90 %")],
                written);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
