using System.Text.Json;

namespace TaskRunner.IntegrationTests.Faults;

/// <summary>What the fault suite did and found; written to .run/fault-report.json and printed by scripts/test.sh.</summary>
public static class FaultReport
{
    private static readonly Lock Gate = new();
    private static readonly List<string> Survived = [];
    private static int badInputsTried;
    private static int duplicatesFound;
    private static int tasksChecked;

    public static void FaultSurvived(string fault) => Update(() => Survived.Add(fault));

    public static void BadInputsTried(int count) => Update(() => badInputsTried += count);

    public static void TasksChecked(int count, int duplicates) => Update(() =>
    {
        tasksChecked += count;
        duplicatesFound += duplicates;
    });

    private static void Update(Action change)
    {
        lock (Gate)
        {
            change();
            var report = new { faultsSurvived = Survived.Count, faults = Survived, badInputsTried, tasksChecked, duplicatesFound };
            var path = Path.Combine(Infrastructure.TestSettings.RepositoryRoot, ".run", "fault-report.json");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        }
    }
}
