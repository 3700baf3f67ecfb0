using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace TaskRunner.Api.Security;

/// <summary>
/// The dashboard's sign-in page: a form that posts an operator key in the body (never the URL), checked against an
/// antiforgery token, and answered with a session cookie. The key itself never leaves the request.
/// </summary>
public static class DashboardSignInApi
{
    private const string KeyField = "key";

    public static IEndpointRouteBuilder MapDashboardSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(DashboardAuthentication.SignInPath, ShowForm).ExcludeFromDescription().AllowAnonymous();
        app.MapPost(DashboardAuthentication.SignInPath, SignInAsync).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    private static IResult ShowForm(HttpContext http, IAntiforgery antiforgery) => Page(http, antiforgery, 200, null);

    private static async Task<IResult> SignInAsync(HttpContext http, IAntiforgery antiforgery, ApiKeyCache keys, CancellationToken ct)
    {
        // Only the small urlencoded form: this endpoint is anonymous, so it must not buffer multipart bodies.
        if (http.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Page(http, antiforgery, 415, "Send the form as application/x-www-form-urlencoded.");
        }

        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Page(http, antiforgery, 400, "The form expired. Please try again.");
        }

        var form = await http.Request.ReadFormAsync(ct);
        var key = form[KeyField].ToString().Trim();
        if (key.Length == 0 || await keys.FindAsync(key, ct) is not { } record)
        {
            return Page(http, antiforgery, 401, "That key is not valid or was revoked.");
        }

        if (!record.IsOperator)
        {
            return Page(http, antiforgery, 403, "That key is not an operator key. Create one with: keys create --operator");
        }

        await http.SignInAsync(DashboardAuthentication.CookieScheme, DashboardAuthentication.SessionFor(record));
        return Results.Redirect(DashboardAuthentication.DashboardPath, permanent: false, preserveMethod: false);
    }

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, int status, string? message)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = HtmlEncoder.Default;
        var error = message is null ? "" : $"<p role=\"alert\" style=\"color:#b00\">{html.Encode(message)}</p>";
        var body = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>TaskRunner jobs: sign in</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="font-family:sans-serif;max-width:28rem;margin:4rem auto">
            <h1>TaskRunner jobs</h1>
            <p>The job dashboard is for platform operators. Sign in with an operator API key.</p>
            {error}
            <form method="post" action="{DashboardAuthentication.SignInPath}" autocomplete="off">
            <input type="hidden" name="{html.Encode(tokens.FormFieldName)}" value="{html.Encode(tokens.RequestToken ?? "")}">
            <label>Operator key <input type="password" name="{KeyField}" required style="width:100%"></label>
            <p><button type="submit">Sign in</button></p>
            </form></body></html>
            """;
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(body, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }
}
