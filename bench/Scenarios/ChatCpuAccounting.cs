using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// CPU time spent per chat by each process of the run, read from /proc (Linux): the Api, the run database's Postgres
/// backends, and this bench process (the load generator and the LLM stub). On two cores the machine has 2,000 ms of
/// CPU a second, so the sum bounds chats/s however the work is scheduled.
/// </summary>
public sealed class ChatCpuAccounting
{
    private static readonly double TicksPerSecond = 100; // USER_HZ; /proc/[pid]/stat counts in these on Linux

    private readonly int apiPid;
    private readonly NpgsqlDataSource database;
    private Dictionary<int, long> postgres = [];
    private long api;
    private TimeSpan bench;

    private ChatCpuAccounting(int apiPid, NpgsqlDataSource database)
    {
        this.apiPid = apiPid;
        this.database = database;
    }

    public static async Task<ChatCpuAccounting> StartAsync(int apiPid, NpgsqlDataSource database, CancellationToken ct)
    {
        var accounting = new ChatCpuAccounting(apiPid, database);
        accounting.api = Ticks(apiPid);
        accounting.postgres = await BackendTicksAsync(database, ct);
        accounting.bench = Process.GetCurrentProcess().TotalProcessorTime;
        return accounting;
    }

    /// <summary>CPU milliseconds per operation since the start: the Api process, the database's backends, and this process.</summary>
    public async Task<(double Api, double Postgres, double Bench)> PerOperationAsync(int operations, CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux() || operations <= 0)
        {
            return (0, 0, 0);
        }

        var apiMs = apiPid > 0 ? (Ticks(apiPid) - api) / TicksPerSecond * 1000 / operations : 0;
        var after = await BackendTicksAsync(database, ct);
        var postgresMs = after.Sum(b => b.Value - postgres.GetValueOrDefault(b.Key)) / TicksPerSecond * 1000 / operations;
        var benchMs = (Process.GetCurrentProcess().TotalProcessorTime - bench).TotalMilliseconds / operations;
        return (apiMs, postgresMs, benchMs);
    }

    /// <summary>"CPU per chat: Api 9.1 ms, Postgres 7.4 ms, bench (client + LLM stub) 2.0 ms; bound 2 cores / sum = 108 chats/s".</summary>
    public async Task<string> DescribeAsync(int chats, CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux() || chats <= 0)
        {
            return "CPU per chat not measured (needs Linux /proc)";
        }

        var (apiMs, postgresMs, benchMs) = await PerOperationAsync(chats, ct);
        var sum = apiMs + postgresMs + benchMs;
        var bound = sum > 0 ? Environment.ProcessorCount * 1000 / sum : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU per chat: Api {apiMs:0.0} ms, Postgres {postgresMs:0.0} ms, bench (client + LLM stub) {benchMs:0.0} ms; {Environment.ProcessorCount} cores / their sum bound the rate at {bound:0} chats/s");
    }

    private static long Ticks(int pid)
    {
        try
        {
            // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the 14th, stime the 15th.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0; // the process ended
        }
    }

    private static async Task<Dictionary<int, long>> BackendTicksAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        await using var command = database.CreateCommand("select pid from pg_stat_activity where datname = current_database()");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ticks = new Dictionary<int, long>();
        while (await reader.ReadAsync(ct))
        {
            var pid = reader.GetInt32(0);
            ticks[pid] = Ticks(pid);
        }

        return ticks;
    }
}
