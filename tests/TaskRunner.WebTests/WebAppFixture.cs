using Microsoft.Playwright;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.WebTests;

/// <summary>
/// The integration tests' platform (own database, real Redis, an in-process Worker whose LLM is the OpenAI-compatible
/// test server), the built Api as a child process on a real port (a browser cannot reach the in-process test server),
/// and one headless Chromium. Each test opens its own browser context, so sessionStorage never leaks between tests.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private ApiProcess? api;

    public PlatformFixture Platform { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => api!.BaseAddress;

    /// <summary>A key of the platform's default tenant, so tests can also create work through <see cref="PlatformFixture.ApiClient"/>.</summary>
    public string ApiKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium package (scripts/test.sh does).");
        await Platform.InitializeAsync();
        api = await ApiProcess.StartAsync(Platform.Settings);
        ApiKey = (await Platform.CreateKeyAsync(PlatformFixture.DefaultTenant)).Key;
        // Pages of a busy 2-core machine can take a while; a wait is not a timing assertion.
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Chromium's sandbox refuses to start as root (containers, CI).
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
    }

    /// <summary>A fresh browser context (its own sessionStorage) and page on the Api, in <paramref name="locale"/>.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-US", ViewportSize? viewport = null, bool isMobile = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = isMobile,
            HasTouch = isMobile,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (api is not null)
        {
            await api.DisposeAsync();
        }

        await Platform.DisposeAsync();
    }
}
