using Microsoft.Playwright;
using Xunit.Abstractions;

namespace TaskRunner.WebTests;

/// <summary>
/// One test's page. <see cref="RunAsync"/> runs the test's steps and, when one fails, saves a full-page screenshot
/// (under TestResults/screenshots beside the test assembly) and prints its path before the failure propagates.
/// </summary>
public sealed class BrowserSession(IPage page, ITestOutputHelper output) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task RunAsync(string name, Func<IPage, Task> steps)
    {
        try
        {
            await steps(Page);
        }
        catch (Exception failure)
        {
            Directory.CreateDirectory(ScreenshotDirectory);
            var path = Path.Combine(ScreenshotDirectory, $"{name}-{DateTime.UtcNow:HHmmss}.png");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            output.WriteLine($"Screenshot of the failed page: {path}");
            throw new InvalidOperationException($"{failure.Message}\nScreenshot of the failed page: {path}", failure);
        }
    }

    /// <summary>Opens the app (in English) and signs in with <paramref name="key"/>; unless told it will fail, waits until the app is shown.</summary>
    public async Task SignInAsync(string key, bool expectSuccess = true)
    {
        await Page.GotoAsync("/");
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        if (expectSuccess)
        {
            await Assertions.Expect(Page.Locator("#workspace")).ToBeVisibleAsync();
        }
    }

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}
