using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace TaskRunner.Api.WebApp;

/// <summary>
/// The browser app (plain HTML, CSS and ES modules in wwwroot) served at <c>/</c>. It runs before authentication:
/// the files are public, and every <c>/api</c> call the app makes carries the user's key in a header.
/// </summary>
public static class WebAppExtensions
{
    // The app's own files only: no inline script or style, no third-party origin, no framing.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static WebApplication UseWebApp(this WebApplication app)
    {
        var files = WebRoot(app.Environment);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.CacheControl] = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers["Referrer-Policy"] = "no-referrer";
            },
        });
        return app;
    }

    /// <summary>
    /// wwwroot beside the assembly (copied there by the build), so the app is found whatever the working directory
    /// of <c>dotnet TaskRunner.Api.dll</c>; otherwise the host's web root (the project folder in tests).
    /// </summary>
    private static IFileProvider WebRoot(IWebHostEnvironment environment)
    {
        var besideAssembly = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return File.Exists(Path.Combine(besideAssembly, "index.html"))
            ? new PhysicalFileProvider(besideAssembly)
            : environment.WebRootFileProvider;
    }
}
