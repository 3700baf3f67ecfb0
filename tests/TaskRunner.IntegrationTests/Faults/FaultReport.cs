using System.Text;
using System.Text.Json;

namespace TaskRunner.IntegrationTests.Faults;

/// <summary>
/// What the fault and hostile-input tests did and found; written to .run/fault-report.json and printed by scripts/test.sh.
/// A fault test calls <see cref="FaultInjected"/> when it injects the fault, <see cref="TasksChecked"/> with what it
/// counted before asserting on it, and <see cref="FaultSurvived"/> once its assertions passed. A failing run therefore
/// reports what it saw (a fault injected and not survived, tasks lost) instead of an unchanged 0.
/// </summary>
public static class FaultReport
{
    private static readonly Lock Gate = new();
    private static readonly List<FaultFigures> Faults = [];
    private static int hostileInputsTried;
    private static int hostileAnswersOf500OrMore;

    /// <summary>The fault has just been injected (a process killed, a connection cut).</summary>
    public static void FaultInjected(string fault) => Update(() => Find(fault, create: true).Injected++);

    /// <summary>
    /// The fault's tasks as counted before any assertion on them: how many were checked, how many did not end as they
    /// must (lost), and how much of their output was there more than once (duplicated).
    /// </summary>
    public static void TasksChecked(string fault, int tasks, int lost, int duplicated) => Update(() =>
    {
        var figures = Find(fault, create: false);
        figures.TasksChecked += tasks;
        figures.TasksLost += lost;
        figures.Duplicated += duplicated;
    });

    /// <summary>The fault's test passed its assertions. A fault never injected cannot be survived.</summary>
    public static void FaultSurvived(string fault) => Update(() => Find(fault, create: false).Survived++);

    /// <summary>Hostile inputs sent and how many got an answer of 500 or more: call before asserting that none did.</summary>
    public static void BadInputsTried(int count, int serverErrors) => Update(() =>
    {
        hostileInputsTried += count;
        hostileAnswersOf500OrMore += serverErrors;
    });

    private static FaultFigures Find(string fault, bool create)
    {
        var figures = Faults.Find(f => f.Fault == fault);
        if (figures is null)
        {
            if (!create)
            {
                throw new InvalidOperationException($"Fault '{fault}' was not reported as injected; call FaultReport.FaultInjected when injecting it.");
            }

            figures = new FaultFigures(fault);
            Faults.Add(figures);
        }

        return figures;
    }

    private static void Update(Action change)
    {
        lock (Gate)
        {
            change();
            var path = Path.Combine(Infrastructure.TestSettings.RepositoryRoot, ".run", "fault-report.json");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Render());
        }
    }

    /// <summary>Indented JSON with one line per fault kind, so scripts/test.sh can print it as it is.</summary>
    private static string Render()
    {
        var totals = new
        {
            faultsInjected = Faults.Sum(f => f.Injected),
            faultsSurvived = Faults.Sum(f => f.Survived),
            tasksChecked = Faults.Sum(f => f.TasksChecked),
            tasksLost = Faults.Sum(f => f.TasksLost),
            tasksDuplicated = Faults.Sum(f => f.Duplicated),
            hostileInputsTried,
            hostileAnswersOf500OrMore,
        };
        var json = new StringBuilder("{\n");
        foreach (var property in JsonSerializer.SerializeToElement(totals).EnumerateObject())
        {
            json.Append("  ").Append(JsonSerializer.Serialize(property.Name)).Append(": ").Append(property.Value.GetRawText()).Append(",\n");
        }

        json.Append("  \"faults\": [");
        json.AppendJoin(",", Faults.Select(f => "\n    " + JsonSerializer.Serialize(new
        {
            fault = f.Fault,
            injected = f.Injected,
            survived = f.Survived,
            tasksChecked = f.TasksChecked,
            tasksLost = f.TasksLost,
            tasksDuplicated = f.Duplicated,
        })));
        json.Append(Faults.Count > 0 ? "\n  ]\n}\n" : "]\n}\n");
        return json.ToString();
    }

    private sealed class FaultFigures(string fault)
    {
        public string Fault { get; } = fault;

        public int Injected { get; set; }

        public int Survived { get; set; }

        public int TasksChecked { get; set; }

        public int TasksLost { get; set; }

        public int Duplicated { get; set; }
    }
}
