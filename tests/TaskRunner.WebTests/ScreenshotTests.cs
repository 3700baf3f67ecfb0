using System.Text;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaskRunner.WebTests;

/// <summary>
/// Captures the app for the README (desktop and phone) into <see cref="AppScreenshots.Directory"/>.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class ScreenshotTests(WebAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task The_app_is_captured_on_a_desktop_and_a_phone()
    {
        await using (var desktop = new BrowserSession(await app.NewPageAsync(viewport: new ViewportSize { Width = 1200, Height = 860 }), output))
        {
            await desktop.RunAsync("screenshots-desktop", async page =>
            {
                await desktop.SignInAsync(app.ApiKey);
                await page.Locator("#file-input").SetInputFilesAsync(new FilePayload
                {
                    Name = "photosynthesis-lesson.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes(Lesson),
                });
                await Expect(page.Locator("li.upload[data-file='photosynthesis-lesson.md']")).ToHaveAttributeAsync("data-document-status", "ready", new() { Timeout = 60_000 });
                await SaveAsync(page, "webapp-upload.png");

                await page.GetByRole(AriaRole.Button, new() { Name = "Exercises", Exact = true }).ClickAsync();
                await page.Locator("#generate-form").GetByLabel("photosynthesis-lesson").CheckAsync();
                await page.GetByLabel("Number of exercises").FillAsync("2");
                await page.GetByLabel("Language of the exercises").SelectOptionAsync("en");
                await page.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
                await Expect(page.Locator("#quiz form.exercise")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
                var first = page.Locator("#quiz form.exercise").First;
                await first.Locator("input[type=radio]").First.CheckAsync();
                await first.GetByRole(AriaRole.Button, new() { Name = "Check answer" }).ClickAsync();
                await Expect(first.Locator("[data-role=grade]")).ToHaveAttributeAsync("data-correct", "true");
                await SaveAsync(page, "webapp-exercises.png");
            });
        }

        await using (var phone = new BrowserSession(await app.NewPageAsync("zh-CN", new ViewportSize { Width = 390, Height = 844 }, isMobile: true), output))
        {
            await phone.RunAsync("screenshots-phone", async page =>
            {
                await page.GotoAsync("/");
                await page.GetByLabel("API 密钥").FillAsync(app.ApiKey);
                await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "上传文档" })).ToBeVisibleAsync();
                await page.Locator("#file-input").SetInputFilesAsync(new FilePayload
                {
                    Name = "光合作用.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(ChineseLesson),
                });
                await Expect(page.Locator("li.upload .task").First).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 60_000 });
                await Expect(page.Locator("li.upload").First).ToHaveAttributeAsync("data-document-status", "ready");
                await SaveAsync(page, "webapp-phone.png", fullPage: false);
            });
        }
    }

    private Task SaveAsync(IPage page, string name, bool fullPage = true) => AppScreenshots.SaveAsync(page, name, output, fullPage);

    private const string Lesson = """
        # Photosynthesis

        Plants capture sunlight with chlorophyll, a green pigment in their chloroplasts.

        ## The light reactions

        In the thylakoid membranes, light energy splits water, releases oxygen and stores energy as ATP and NADPH.

        ## The Calvin cycle

        In the stroma, the enzyme RuBisCO fixes carbon dioxide; ATP and NADPH turn it into glucose.
        """;

    private const string ChineseLesson = """
        光合作用是绿色植物利用光能，把二氧化碳和水转化为有机物并释放氧气的过程。

        光反应在类囊体膜上进行：叶绿素吸收光能，水被分解，产生氧气、ATP 和 NADPH。

        暗反应（卡尔文循环）在叶绿体基质中进行，二氧化碳被固定并还原为葡萄糖。
        """;
}
