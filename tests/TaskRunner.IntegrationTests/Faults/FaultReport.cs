using System.Text.Json;

namespace TaskRunner.IntegrationTests.Faults;

/// <summary>
/// What the fault and hostile-input tests did and found; written to .run/fault-report.json and printed by scripts/test.sh.
/// Every figure is recorded before the assertions that require it to be zero, so a failing run reports what it saw
/// instead of an unchanged 0.
/// </summary>
public static class FaultReport
{
    private static readonly Lock Gate = new();
    private static readonly List<string> Injected = [];
    private static readonly List<string> Survived = [];
    private static int badInputsTried;
    private static int badInputServerErrors;
    private static int tasksChecked;
    private static int tasksLost;
    private static int duplicatesFound;

    /// <summary>A fault was injected and its tasks checked: call before asserting on them.</summary>
    public static void FaultInjected(string fault, int tasks, int lost, int duplicates) => Update(() =>
    {
        Injected.Add(fault);
        tasksChecked += tasks;
        tasksLost += lost;
        duplicatesFound += duplicates;
    });

    /// <summary>The fault's test passed its assertions.</summary>
    public static void FaultSurvived(string fault) => Update(() => Survived.Add(fault));

    /// <summary>Hostile inputs sent and how many got an answer of 500 or more: call before asserting that none did.</summary>
    public static void BadInputsTried(int count, int serverErrors = 0) => Update(() =>
    {
        badInputsTried += count;
        badInputServerErrors += serverErrors;
    });

    private static void Update(Action change)
    {
        lock (Gate)
        {
            change();
            var report = new
            {
                faultsInjected = Injected.Count,
                faultsSurvived = Survived.Count,
                faults = Survived,
                notSurvived = Injected.Except(Survived).ToList(),
                tasksChecked,
                tasksLost,
                duplicatesFound,
                badInputsTried,
                badInputServerErrors,
            };
            var path = Path.Combine(Infrastructure.TestSettings.RepositoryRoot, ".run", "fault-report.json");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        }
    }
}
