namespace TaskRunner.Bench;

/// <summary>Sizes of one benchmark run. <see cref="Quick"/> is a smoke run: every scenario, tiny sizes, no speed claims.</summary>
public sealed record BenchOptions
{
    public required bool Quick { get; init; }
    public required string RepositoryRoot { get; init; }
    public required string OutputDirectory { get; init; }
    public required string LogsDirectory { get; init; }
    public IReadOnlyList<int> Concurrencies { get; init; } = [16, 64, 256];
    public int RequestsPerLevel { get; init; } = 2000;
    public int StatusRequestsPerLevel { get; init; } = 10000;
    public int NoopTasks { get; init; } = 400;
    public int JobWorkers { get; init; } = 8;
    public IReadOnlyList<int> GenerationCounts { get; init; } = [10, 100, 1000];
    public int LlmWorkers { get; init; } = 150;
    public int BlockingThreads { get; init; } = 8;

    /// <summary>Items of the one batch of scenario 8, each a one-second completion.</summary>
    public int BatchItems { get; init; } = 1000;
    public int BlockingRequests { get; init; } = 100;
    public int PdfPages { get; init; } = 100;
    public int ShortDocuments { get; init; } = 1000;
    public int IngestWorkers { get; init; } = 4;
    public int SseSubscribers { get; init; } = 100;
    public int SseSteps { get; init; } = 200;
    public int SseDurationMs { get; init; } = 4000;
    public TimeSpan LlmLatency { get; init; } = TimeSpan.FromSeconds(1);
    public int VectorCount { get; init; } = 100_000;
    public int KeywordChunks { get; init; } = 100_000;

    /// <summary>Run only the scenarios whose name contains this (for working on one); results then go to tmp.</summary>
    public string? Only { get; init; }

    /// <summary>
    /// Where the Api and Worker binaries are: a folder with <c>Api/</c> and <c>Worker/</c> published outputs
    /// (<c>scripts/bench.sh --published</c>: ReadyToRun), or null for the projects' Release build output.
    /// </summary>
    public string? BinariesDirectory { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var only = Value(args, "--only");
        var root = Value(args, "--root") ?? FindRepositoryRoot();
        var output = Value(args, "--out") ?? Path.Combine(root, "bench", "results", quick || only is not null ? "tmp" : "");
        var logs = Value(args, "--logs") ?? Path.Combine(root, ".run", "logs");
        var options = new BenchOptions
        {
            Quick = quick, RepositoryRoot = root, OutputDirectory = output, LogsDirectory = logs, Only = only, BinariesDirectory = Value(args, "--binaries"),
        };
        if (Value(args, "--generations") is { } generations)
        {
            // For working on scenario 4: e.g. "--generations 100" measures only the 100-task rows.
            options = options with { GenerationCounts = generations.Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray() };
        }

        return quick
            ? options with
            {
                Concurrencies = [4], RequestsPerLevel = 20, StatusRequestsPerLevel = 20, NoopTasks = 10, JobWorkers = 4, GenerationCounts = [10], LlmWorkers = 16, BatchItems = 20,
                BlockingRequests = 10, PdfPages = 10, ShortDocuments = 20, IngestWorkers = 2, SseSubscribers = 5, SseSteps = 20, SseDurationMs = 1000, VectorCount = 2000, KeywordChunks = 2000,
            }
            : options;
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TaskRunner.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
