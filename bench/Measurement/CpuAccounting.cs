using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace TaskRunner.Bench.Measurement;

/// <summary>
/// CPU time spent per operation (a chat, a task) by each process of the run, read from /proc (Linux): the Api, the
/// Worker when there is one, the run database's Postgres backends, and this bench process (the load generator and the
/// LLM stub). On two cores the machine has 2,000 ms of CPU a second, so the sum bounds the rate however the work is
/// scheduled.
/// </summary>
public sealed class CpuAccounting
{
    private static readonly double TicksPerSecond = 100; // USER_HZ; /proc/[pid]/stat counts in these on Linux

    private readonly int apiPid;
    private readonly int workerPid;
    private readonly NpgsqlDataSource database;
    private Dictionary<int, long> postgres = [];
    private long api;
    private long worker;
    private TimeSpan bench;

    private CpuAccounting(int apiPid, int workerPid, NpgsqlDataSource database)
    {
        this.apiPid = apiPid;
        this.workerPid = workerPid;
        this.database = database;
    }

    /// <summary>Starts counting; a pid of 0 leaves that process out.</summary>
    public static async Task<CpuAccounting> StartAsync(int apiPid, NpgsqlDataSource database, CancellationToken ct, int workerPid = 0)
    {
        var accounting = new CpuAccounting(apiPid, workerPid, database);
        accounting.api = Ticks(apiPid);
        accounting.worker = Ticks(workerPid);
        accounting.postgres = await BackendTicksAsync(database, ct);
        accounting.bench = Process.GetCurrentProcess().TotalProcessorTime;
        return accounting;
    }

    /// <summary>CPU milliseconds per operation since the start: the Api and Worker processes, the database's backends, and this process.</summary>
    public async Task<ProcessCpu> PerOperationAsync(int operations, CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux() || operations <= 0)
        {
            return new ProcessCpu(0, 0, 0, 0);
        }

        double Ms(int pid, long before) => pid > 0 ? (Ticks(pid) - before) / TicksPerSecond * 1000 / operations : 0;
        var after = await BackendTicksAsync(database, ct);
        var postgresMs = after.Sum(b => b.Value - postgres.GetValueOrDefault(b.Key)) / TicksPerSecond * 1000 / operations;
        var benchMs = (Process.GetCurrentProcess().TotalProcessorTime - bench).TotalMilliseconds / operations;
        return new ProcessCpu(Ms(apiPid, api), Ms(workerPid, worker), postgresMs, benchMs);
    }

    /// <summary>
    /// "CPU per task: Api 1.2 ms, Worker 3.4 ms, Postgres 1.1 ms, bench (client + LLM stub) 0.9 ms": where the round's
    /// work went, per task. Backends that closed during the round are not counted, so Postgres is a floor.
    /// </summary>
    public async Task<string> DescribeTasksAsync(int tasks, CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux() || tasks <= 0)
        {
            return "CPU per task not measured (needs Linux /proc)";
        }

        var cpu = await PerOperationAsync(tasks, ct);
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU per task: Api {cpu.Api:0.00} ms, Worker {cpu.Worker:0.00} ms, Postgres {cpu.Postgres:0.00} ms, bench (client + LLM stub) {cpu.Bench:0.00} ms");
    }

    /// <summary>"CPU per chat: Api 9.1 ms, Postgres 7.4 ms, bench (client + LLM stub) 2.0 ms; bound 2 cores / sum = 108 chats/s".</summary>
    public async Task<string> DescribeAsync(int chats, CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux() || chats <= 0)
        {
            return "CPU per chat not measured (needs Linux /proc)";
        }

        var (apiMs, _, postgresMs, benchMs) = await PerOperationAsync(chats, ct);
        var sum = apiMs + postgresMs + benchMs;
        var bound = sum > 0 ? Environment.ProcessorCount * 1000 / sum : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU per chat: Api {apiMs:0.0} ms, Postgres {postgresMs:0.0} ms, bench (client + LLM stub) {benchMs:0.0} ms; {Environment.ProcessorCount} cores / their sum bound the rate at {bound:0} chats/s");
    }

    private static long Ticks(int pid)
    {
        if (pid <= 0)
        {
            return 0;
        }

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

/// <summary>CPU milliseconds per operation of each process of a run (0 for a process not counted).</summary>
public readonly record struct ProcessCpu(double Api, double Worker, double Postgres, double Bench);
