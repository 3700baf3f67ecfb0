using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Contract;

/// <summary>
/// <c>dotnet pack</c> of TaskRunner.Client and of the taskrunner CLI (a .NET tool), as README tells users to run it.
/// It packs the build these tests run on (<c>--no-build</c>, which also skips restore), with every proxy pointing at a
/// closed port, so a pack that needed the network would fail here.
/// </summary>
public sealed class PackageTests
{
    [Fact]
    public async Task Client_packs_offline_into_a_nuget_package_with_its_assembly()
    {
        var entries = await PackAsync(Path.Combine("clients", "TaskRunner.Client", "TaskRunner.Client.csproj"), "TaskRunner.Client.1.0.0.nupkg");

        Assert.Contains("lib/net10.0/TaskRunner.Client.dll", entries.Keys);
        Assert.Contains("lib/net10.0/TaskRunner.Client.xml", entries.Keys);
        var nuspec = XDocument.Parse(entries["TaskRunner.Client.nuspec"]);
        Assert.Equal("TaskRunner.Client", nuspec.Descendants().Single(e => e.Name.LocalName == "id").Value);

        // NSwag generates the code at build time only: the package must not make its users depend on it.
        Assert.DoesNotContain(nuspec.Descendants().Where(e => e.Name.LocalName == "dependency"), d => d.Attribute("id")!.Value.StartsWith("NSwag", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cli_packs_offline_into_a_dotnet_tool_named_taskrunner()
    {
        var entries = await PackAsync(Path.Combine("cli", "TaskRunner.Cli", "TaskRunner.Cli.csproj"), "TaskRunner.Cli.1.0.0.nupkg");

        const string tool = "tools/net10.0/any/";
        Assert.Contains(tool + "TaskRunner.Cli.dll", entries.Keys);
        Assert.Contains(tool + "TaskRunner.Client.dll", entries.Keys);
        Assert.Contains(tool + "DotnetToolSettings.xml", entries.Keys);
        var command = XDocument.Parse(entries[tool + "DotnetToolSettings.xml"]).Descendants("Command").Single();
        Assert.Equal("taskrunner", command.Attribute("Name")!.Value);
        Assert.Equal("TaskRunner.Cli.dll", command.Attribute("EntryPoint")!.Value);
        var nuspec = XDocument.Parse(entries["TaskRunner.Cli.nuspec"]);
        Assert.Contains(nuspec.Descendants().Where(e => e.Name.LocalName == "packageType"), p => p.Attribute("name")!.Value == "DotnetTool");
    }

    /// <summary>Packs the project into a fresh folder; returns the package's entries (text of the XML ones, "" for the rest).</summary>
    private static async Task<Dictionary<string, string>> PackAsync(string project, string packageName)
    {
        var output = Directory.CreateTempSubdirectory("taskrunner-pack-").FullName;
        try
        {
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "pack", Path.Combine(TestSettings.RepositoryRoot, project), "-c", TestSettings.BuildConfiguration, "--no-build", "-o", output, "-nologo",
            })
            {
                info.ArgumentList.Add(argument);
            }

            foreach (var proxy in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" })
            {
                info.Environment[proxy] = "http://127.0.0.1:9";
            }

            info.Environment["NO_PROXY"] = info.Environment["no_proxy"] = "";
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            info.Environment["DOTNET_NOLOGO"] = "1";
            using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet pack.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var log = $"{await stdout}\n{await stderr}";
            Assert.True(process.ExitCode == 0, $"dotnet pack {project} exited with {process.ExitCode}:\n{log}");

            var package = Path.Combine(output, packageName);
            Assert.True(File.Exists(package), $"{packageName} was not made; the folder holds: {string.Join(", ", Directory.GetFiles(output).Select(Path.GetFileName))}\n{log}");
            await using var zip = await ZipFile.OpenReadAsync(package, CancellationToken.None);
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                var isXml = entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal) || entry.FullName.EndsWith(".xml", StringComparison.Ordinal);
                await using var content = await entry.OpenAsync(CancellationToken.None);
                using var reader = new StreamReader(content);
                entries[entry.FullName] = isXml ? await reader.ReadToEndAsync() : "";
            }

            return entries;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
