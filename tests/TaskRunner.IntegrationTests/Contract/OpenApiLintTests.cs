using System.Diagnostics;
using System.Text.Json;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Contract;

/// <summary>Redocly CLI (pinned in tools/openapi-lint, installed by scripts/test.sh with npm ci) lints the live document with its recommended rules.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiLintTests(PlatformFixture platform)
{
    [Fact]
    public async Task Live_document_passes_redocly_recommended_rules_with_no_errors_or_warnings()
    {
        var toolDir = Path.Combine(TestSettings.RepositoryRoot, "tools", "openapi-lint");
        Assert.True(File.Exists(Path.Combine(toolDir, "node_modules", ".bin", "redocly")),
            $"Redocly CLI is not installed: run `npm ci` in {toolDir} (scripts/test.sh does).");

        // The real Api on Kestrel, so the document's server is the address it listens on (127.0.0.1:port).
        await using var api = await ApiProcess.StartAsync(platform.Settings);
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        var document = await OpenApiDocument.FetchAsync(client);
        var file = Path.Combine(Path.GetTempPath(), $"taskrunner-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document.ToJsonString());
        try
        {
            var info = new ProcessStartInfo("npx") { WorkingDirectory = toolDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "--no-install", "redocly", "lint", file, "--format=json" })
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["REDOCLY_TELEMETRY"] = "off";
            info.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var report = await stdout;
            Assert.True(process.ExitCode == 0, $"redocly lint exited with {process.ExitCode}:\n{report}\n{await stderr}");

            using var json = JsonDocument.Parse(report);
            var totals = json.RootElement.GetProperty("totals");
            Assert.True(totals.GetProperty("errors").GetInt32() == 0 && totals.GetProperty("warnings").GetInt32() == 0, report);
            Assert.Equal(0, json.RootElement.GetProperty("problems").GetArrayLength());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
