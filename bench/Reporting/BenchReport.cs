using TaskRunner.Bench.Measurement;

namespace TaskRunner.Bench.Reporting;

/// <summary>Everything one run wrote: the machine, the mode, how long the run took and every result row.</summary>
public sealed record BenchReport(MachineInfo Machine, string Mode, double TotalSeconds, IReadOnlyList<ScenarioResult> Results);
