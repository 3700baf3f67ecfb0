using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaskRunner.WebTests;

/// <summary>The app's own logic in the browser: SSE parsing, languages, serving.</summary>
[Collection(WebAppCollection.Name)]
public sealed class WebAppClientTests(WebAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task The_sse_parser_joins_multi_line_data_keeps_ids_and_skips_comments_across_split_chunks()
    {
        await using var session = new BrowserSession(await app.NewPageAsync(), output);
        await session.RunAsync(nameof(The_sse_parser_joins_multi_line_data_keeps_ids_and_skips_comments_across_split_chunks), async page =>
        {
            await page.GotoAsync("/");
            // The stream is fed in awkward slices: inside a field name, between \r and \n, inside a UTF-8 text.
            var events = await page.EvaluateAsync<string>("""
                async () => {
                  const { SseParser } = await import('/js/sse.js');
                  const parser = new SseParser();
                  const chunks = [': keep-alive\n\nev', 'ent: token\r', '\nid: 7\r\ndata: line one\r\ndata:line two\r\n\r', '\n',
                                  'data: {"text":"光合作用"}\n', '\n', 'event: state\nid: 8\ndata\n\nid: 9\n\n', 'retry: 250\ndata: last'];
                  const out = [];
                  for (const c of chunks) out.push(...parser.feed(c));
                  out.push(...parser.feed('\n\n'));
                  return JSON.stringify({ out, lastEventId: parser.lastEventId, retry: parser.retry });
                }
                """);
            using var json = System.Text.Json.JsonDocument.Parse(events);
            var list = json.RootElement.GetProperty("out").EnumerateArray().ToList();
            Assert.Equal(4, list.Count);
            Assert.Equal(("token", "line one\nline two", "7"), Fields(list[0]));
            Assert.Equal(("message", "{\"text\":\"光合作用\"}", "7"), Fields(list[1]));
            Assert.Equal(("state", "", "8"), Fields(list[2]));
            Assert.Equal(("message", "last", "9"), Fields(list[3]));
            Assert.Equal("9", json.RootElement.GetProperty("lastEventId").GetString());
            Assert.Equal(250, json.RootElement.GetProperty("retry").GetInt32());
        });
    }

    [Fact]
    public async Task A_chinese_browser_gets_chinese_text_and_the_switch_changes_the_language()
    {
        await using var session = new BrowserSession(await app.NewPageAsync(locale: "zh-CN"), output);
        await session.RunAsync(nameof(A_chinese_browser_gets_chinese_text_and_the_switch_changes_the_language), async page =>
        {
            await page.GotoAsync("/");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
            await page.GetByLabel("API 密钥").FillAsync(app.ApiKey);
            await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "上传文档" })).ToBeVisibleAsync();

            await page.GetByLabel("语言", new() { Exact = true }).SelectOptionAsync("en");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Upload documents" })).ToBeVisibleAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        });
    }

    [Fact]
    public async Task The_app_is_served_without_a_key_while_every_api_call_needs_one()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var index = await http.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"js/app.js\"></script>", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var script = await http.GetAsync("/js/sse.js");
        Assert.Equal(System.Net.HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);

        using var documents = await http.GetAsync("/api/v1/documents");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, documents.StatusCode);
        using var missing = await http.GetAsync("/js/no-such-file.js");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static (string, string, string) Fields(System.Text.Json.JsonElement e) =>
        (e.GetProperty("event").GetString()!, e.GetProperty("data").GetString()!, e.GetProperty("id").GetString()!);
}
