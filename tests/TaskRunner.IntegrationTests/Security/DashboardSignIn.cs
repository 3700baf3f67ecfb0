using System.Net;
using System.Text.RegularExpressions;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>Drives the dashboard's sign-in page as a browser would, with cookies handled by hand so the test can inspect them.</summary>
public static partial class DashboardSignIn
{
    public const string SessionCookie = "taskrunner_dashboard";

    /// <summary>Fetches the form, then posts the key with the form's antiforgery token; returns the POST's response.</summary>
    public static async Task<HttpResponseMessage> PostKeyAsync(HttpClient client, string key, bool withAntiforgeryToken = true)
    {
        using var page = await client.GetAsync("/hangfire/sign-in");
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value);
        var antiforgeryCookie = CookiePairs(page).Single(c => c.StartsWith("taskrunner_antiforgery=", StringComparison.Ordinal));
        var fields = new Dictionary<string, string> { ["key"] = key };
        if (withAntiforgeryToken)
        {
            fields["__antiforgery"] = token;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/sign-in") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Cookie", antiforgeryCookie);
        return await client.SendAsync(request);
    }

    /// <summary>Signs in and returns the session cookie as <c>name=value</c>.</summary>
    public static async Task<string> SignInAsync(HttpClient client, string key)
    {
        using var response = await PostKeyAsync(client, key);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return CookiePairs(response).Single(c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal));
    }

    public static IEnumerable<string> SetCookieHeaders(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    public static IEnumerable<string> CookiePairs(HttpResponseMessage response) =>
        SetCookieHeaders(response).Select(c => c.Split(';')[0].Trim());

    [GeneratedRegex("name=\"__antiforgery\" value=\"([^\"]*)\"")]
    private static partial Regex TokenField();
}
