using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Contract;

/// <summary>
/// The API reference page README promises at /docs (Scalar): open without a key, like the document it renders, and
/// served whole by the Api (its scripts too), so it works where the Api runs without reaching a CDN. URLs are resolved
/// as a browser (and Scalar's own loader script) resolves them from the page's final address.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class ApiReferenceTests(PlatformFixture platform)
{
    [Fact]
    public async Task Docs_page_opens_without_a_key_and_loads_the_live_openapi_document()
    {
        using var client = platform.CreateAnonymousClient();
        using var page = await client.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var pageUri = page.RequestMessage!.RequestUri!;

        // The scripts the page loads, each served by the Api.
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var src in scripts)
        {
            var uri = new Uri(pageUri, src);
            Assert.Equal(pageUri.Authority, uri.Authority);
            using var script = await client.GetAsync(uri);
            Assert.True(script.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)script.StatusCode}");
            Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        }

        // initialize(path, dynamicBaseUrl, configuration, …): each source URL is relative to the app's base, which is
        // the page's path without the suffix `path`.
        var call = Initialize().Match(html);
        Assert.True(call.Success, html);
        var suffix = Uri.UnescapeDataString(call.Groups["path"].Value);
        var basePath = pageUri.AbsolutePath.EndsWith(suffix, StringComparison.Ordinal) ? pageUri.AbsolutePath[..^suffix.Length] : "";
        var source = Assert.Single(JsonNode.Parse(call.Groups["config"].Value)!["sources"]!.AsArray());
        var documentUri = new Uri(new Uri(pageUri, basePath + "/"), source!["url"]!.GetValue<string>());
        Assert.Equal("/openapi/v1.json", documentUri.AbsolutePath);

        using var documentResponse = await client.GetAsync(documentUri);
        Assert.Equal(HttpStatusCode.OK, documentResponse.StatusCode);
        var document = JsonNode.Parse(await documentResponse.Content.ReadAsStringAsync())!;
        Assert.Equal("TaskRunner API", document["info"]!["title"]!.GetValue<string>());
    }

    [GeneratedRegex("""<script[^>]*\ssrc="(?<src>[^"]+)"[^>]*>""")]
    private static partial Regex ScriptSource();

    [GeneratedRegex("""initialize\(\s*'(?<path>[^']*)',\s*(true|false),\s*(?<config>\{.*?\})\s*,\s*'""", RegexOptions.Singleline)]
    private static partial Regex Initialize();
}
