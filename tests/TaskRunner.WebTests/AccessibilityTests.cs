using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaskRunner.WebTests;

/// <summary>axe-core (WCAG 2 A and AA rules: labels, names, contrast, landmarks…) over every section, on a desktop and a phone, keyboard only.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AccessibilityTests(WebAppFixture app, ITestOutputHelper output)
{
    private static readonly string[] Sections = ["Upload", "Tasks", "Documents", "Search", "Ask", "Exercises"];

    [Theory]
    [InlineData("en-US", 1280, 900)]
    [InlineData("zh-CN", 390, 844)]
    public async Task Every_section_passes_axe_and_is_reached_by_keyboard(string locale, int width, int height)
    {
        await using var session = new BrowserSession(await app.NewPageAsync(locale, new ViewportSize { Width = width, Height = height }, isMobile: width < 500), output);
        await session.RunAsync($"axe-{locale}-{width}", async page =>
        {
            await page.GotoAsync("/");
            await AssertNoViolationsAsync(page, "sign-in");

            // Keyboard only: the key field takes focus with Tab and Enter submits.
            await page.Locator("#api-key").FocusAsync();
            await page.Keyboard.TypeAsync(app.ApiKey);
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#workspace")).ToBeVisibleAsync();

            for (var i = 0; i < Sections.Length; i++)
            {
                var tab = page.Locator($"[data-view={Sections[i].ToLowerInvariant()}]");
                await tab.FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                await Expect(tab).ToHaveAttributeAsync("aria-current", "page");
                // The section's heading takes focus, so screen readers announce where the user is.
                await Expect(page.Locator($"#view-{Sections[i].ToLowerInvariant()} h1")).ToBeFocusedAsync();
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await AssertNoViolationsAsync(page, Sections[i]);
            }
        });
    }

    private static async Task AssertNoViolationsAsync(IPage page, string where)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}");
        Assert.True(result.Violations.Length == 0, $"axe found accessibility violations on {where}:\n{string.Join("\n", violations)}");
        // axe really ran: every section has labelled controls it checked and passed.
        Assert.Contains(result.Passes, rule => rule.Id is "label" or "select-name" or "button-name");
    }
}
