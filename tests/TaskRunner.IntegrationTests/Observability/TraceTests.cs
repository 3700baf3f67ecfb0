using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRunner.Api.Tasks;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>One trace from the submitting request to the Worker's steps and their database calls.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TraceTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task A_task_run_and_its_steps_continue_the_trace_of_the_request_that_submitted_it()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var finished = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "TaskRunner.Tasks" or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    finished.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/diagnostics/noop") { Content = JsonContent.Create(new { durationMs = 50, steps = 2 }) };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await platform.Client.SendAsync(request);
        var accepted = JsonSerializer.Deserialize<TaskAccepted>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        Assert.Equal("succeeded", (await api.WaitForFinalAsync(accepted.TaskId)).GetProperty("status").GetString());

        var status = await api.GetTaskAsync(accepted.TaskId);
        Assert.Equal(traceId.ToHexString(), status.GetProperty("traceId").GetString());

        var run = Assert.Single(finished, a => a.OperationName == "task.run" && Equals(a.GetTagItem("taskrunner.task.id"), accepted.TaskId));
        var step = Assert.Single(finished, a => a.OperationName.StartsWith("task.step", StringComparison.Ordinal) && a.ParentSpanId == run.SpanId);
        Assert.Equal("diagnostics.noop", step.GetTagItem("taskrunner.task.type"));
        Assert.Contains(finished, a => a.Source.Name == "Npgsql" && a.ParentSpanId == run.SpanId);
    }
}
