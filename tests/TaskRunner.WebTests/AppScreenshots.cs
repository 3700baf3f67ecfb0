using Microsoft.Playwright;
using Xunit.Abstractions;

namespace TaskRunner.WebTests;

/// <summary>
/// Where the README's pictures go: scripts/screenshots.sh sets TASKRUNNER_SCREENSHOT_DIR=docs/images; in the ordinary
/// test run they go to TestResults/app-screenshots beside the test assembly.
/// </summary>
public static class AppScreenshots
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static string Directory { get; } = Environment.GetEnvironmentVariable("TASKRUNNER_SCREENSHOT_DIR") is { Length: > 0 } dir
        ? Path.GetFullPath(dir)
        : Path.Combine(AppContext.BaseDirectory, "TestResults", "app-screenshots");

    public static async Task SaveAsync(IPage page, string name, ITestOutputHelper output, bool fullPage = true)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(PngSignature, bytes.Take(8));
        output.WriteLine($"Saved {path}");
    }
}
