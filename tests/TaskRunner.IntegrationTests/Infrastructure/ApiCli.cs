using System.Diagnostics;

namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>Runs the built Api's admin commands (<c>keys …</c>, <c>migrate</c>) as an operator would, against the fixture's database.</summary>
public static class ApiCli
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Outcome> RunAsync(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var dll = Path.Combine(TestSettings.RepositoryRoot, "Api", "bin", TestSettings.BuildConfiguration, "net10.0", "TaskRunner.Api.dll");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the Api CLI.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
