using System.Runtime.InteropServices;

namespace TaskRunner.Bench.Reporting;

/// <summary>The machine a run was measured on, recorded with every result.</summary>
public sealed record MachineInfo(string Date, int Cores, string Cpu, double MemoryGb, string Os, string Dotnet, string Postgres)
{
    public static MachineInfo Current(string postgresVersion) => new(
        DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
        Environment.ProcessorCount,
        CpuModel(),
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024, 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        postgresVersion);

    public string Summary => $"{Cores} cores ({Cpu}), {MemoryGb} GB, {Os}, {Dotnet}, PostgreSQL {Postgres}";

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
