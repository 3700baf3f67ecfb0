using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Exercises;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Faults;

[Collection(PlatformCollection.Name)]
public sealed class KilledWorkerGenerationTests(PlatformFixture platform)
{
    private const string Killed = "worker killed (SIGKILL) mid-generation";
    private const string Stopped = "worker stopped (host shutdown, as on SIGTERM) mid-generation";

    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Killing_the_worker_mid_generation_ends_with_exactly_one_set_of_exercises()
    {
        platform.Llm.DefaultDelayBetweenPieces = TimeSpan.FromMilliseconds(400);
        await platform.StopInProcessWorkersAsync();
        using var doomed = platform.StartWorkerProcess("llm");
        Guid taskId;
        try
        {
            taskId = await api.GenerateAcceptedAsync(new { topic = "photosynthesis", count = 4, types = new[] { "multiple_choice" }, difficulty = "easy", language = "en" });
            await api.WaitUntilAsync(taskId, t => t.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(60));
            await Task.Delay(800);
            await doomed.KillAsync();
            FaultReport.FaultInjected(Killed);
        }
        finally
        {
            platform.Llm.DefaultDelayBetweenPieces = TimeSpan.Zero;
            await platform.EnsureWorkerAsync();
        }

        var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(90));
        var stored = (int)await platform.StoredExerciseCountAsync(taskId);
        FaultReport.TasksChecked(Killed, tasks: 1, lost: task.GetProperty("status").GetString() == "succeeded" ? 0 : 1, duplicated: Math.Max(0, stored - 4));

        Assert.True(task.GetProperty("status").GetString() == "succeeded", $"Task did not succeed: {task}");
        Assert.Equal(4, task.GetProperty("result").GetProperty("generated").GetInt32());
        Assert.Equal(4, stored);
        var exercises = await api.ExercisesOfTaskAsync(taskId);
        Assert.Equal([0, 1, 2, 3], exercises.Select(e => e.GetProperty("ordinal").GetInt32()));

        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        Assert.True(await connection.ExecuteScalarAsync<int>("select runs from tasks where id = @taskId", new { taskId }) >= 2);
        FaultReport.FaultSurvived(Killed);
    }

    [Fact]
    public async Task A_worker_stopped_gracefully_mid_generation_hands_its_task_back_and_another_finishes_one_set()
    {
        platform.Llm.DefaultDelayBetweenPieces = TimeSpan.FromMilliseconds(400);
        await platform.StopInProcessWorkersAsync();
        var leaving = await platform.StartWorkerAsync();
        Guid taskId;
        string? statusAfterStop;
        try
        {
            taskId = await api.GenerateAcceptedAsync(new { topic = "photosynthesis", count = 4, types = new[] { "multiple_choice" }, difficulty = "easy", language = "en" });
            await api.WaitUntilAsync(taskId, t => t.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(60));
            await Task.Delay(800);
            await platform.StopWorkerAsync(leaving);
            FaultReport.FaultInjected(Stopped);
            statusAfterStop = (await api.GetTaskAsync(taskId)).GetProperty("status").GetString();
        }
        finally
        {
            platform.Llm.DefaultDelayBetweenPieces = TimeSpan.Zero;
            await platform.EnsureWorkerAsync();
        }

        var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(90));
        var stored = (int)await platform.StoredExerciseCountAsync(taskId);
        FaultReport.TasksChecked(Stopped, tasks: 1, lost: task.GetProperty("status").GetString() == "succeeded" ? 0 : 1, duplicated: Math.Max(0, stored - 4));

        Assert.Equal("queued", statusAfterStop);
        Assert.True(task.GetProperty("status").GetString() == "succeeded", $"Task did not succeed: {task}");
        Assert.Equal(1, task.GetProperty("attempts").GetInt32());
        Assert.Equal(4, stored);
        Assert.Equal([0, 1, 2, 3], (await api.ExercisesOfTaskAsync(taskId)).Select(e => e.GetProperty("ordinal").GetInt32()));
        FaultReport.FaultSurvived(Stopped);
    }
}
