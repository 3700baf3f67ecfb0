using System.Text.Json.Nodes;
using TaskRunner.Api.Batches;
using TaskRunner.Api.Documents;
using TaskRunner.Api.Exercises;
using TaskRunner.Api.Tasks;

namespace TaskRunner.Api.OpenApi;

/// <summary>
/// Examples of the answers clients read most: the 202 envelope of every submit (task, upload, batch, grading) and a task's
/// status. Keyed by the answer's type, so every operation that returns it shows the same example.
/// </summary>
public static class ContractResponseExamples
{
    private const string TaskId = "0b5e7c2a-4d1f-4e8b-9a63-2f7d1c8e5a40";
    private const string CreatedAt = "2026-12-01T08:30:00Z";

    public static JsonNode? For(Type? type)
    {
        if (type == typeof(TaskResponse))
        {
            return TaskStatus();
        }

        if (type == typeof(UploadAccepted))
        {
            return Accepted("document.ingest", "ingest", ("documentId", "3f6d2c1e-8a4b-4c7e-9d2f-1b5a6e7c8d90"), ("alreadyExisted", false));
        }

        if (type == typeof(BatchAccepted))
        {
            const string batchId = "9c41e2d7-5b3a-4f60-8e1d-7a2b6c9f0d13";
            return Accepted("llm.batch", "llm",
                ("batchId", batchId), ("itemCount", 2), ("batchUrl", $"/api/v1/batches/{batchId}"), ("resultsUrl", $"/api/v1/batches/{batchId}/results"));
        }

        if (type == typeof(GradingAccepted))
        {
            return Accepted("exercise.grade", "llm", ("submissionId", "5e8a1f3c-2b7d-4c94-a06e-8d3f1b2c7a55"));
        }

        return type == typeof(TaskAccepted) ? Accepted("llm.prompt", "llm") : null;
    }

    private static JsonObject Accepted(string taskType, string queue, params (string Name, JsonNode? Value)[] extra)
    {
        var accepted = new JsonObject
        {
            ["taskId"] = TaskId,
            ["type"] = taskType,
            ["status"] = "queued",
            ["queue"] = queue,
            ["statusUrl"] = $"/api/v1/tasks/{TaskId}",
            ["eventsUrl"] = $"/api/v1/tasks/{TaskId}/events",
            ["createdAt"] = CreatedAt,
        };
        foreach (var (name, value) in extra)
        {
            accepted[name] = value;
        }

        return accepted;
    }

    /// <summary>A prompt task that succeeded, with its result and its priced cost (a running task also has etaSeconds).</summary>
    private static JsonObject TaskStatus() => new()
    {
        ["id"] = TaskId,
        ["type"] = "llm.prompt",
        ["status"] = "succeeded",
        ["priority"] = "normal",
        ["queue"] = "llm",
        ["stage"] = "done",
        ["progress"] = 1,
        ["message"] = "Completed by gpt-4o-mini (42 tokens out).",
        ["result"] = new JsonObject
        {
            ["completion"] = "Water evaporates, condenses into clouds and falls as rain or snow. It flows back to the sea and the cycle repeats.",
            ["model"] = "gpt-4o-mini",
            ["usage"] = new JsonObject { ["inputTokens"] = 18, ["outputTokens"] = 42 },
            ["attempts"] = 1,
        },
        ["error"] = null,
        ["attempts"] = 1,
        ["createdAt"] = CreatedAt,
        ["startedAt"] = "2026-12-01T08:30:00.120Z",
        ["finishedAt"] = "2026-12-01T08:30:02.480Z",
        ["statusUrl"] = $"/api/v1/tasks/{TaskId}",
        ["eventsUrl"] = $"/api/v1/tasks/{TaskId}/events",
        ["cost"] = new JsonObject
        {
            ["inputTokens"] = 18, ["outputTokens"] = 42, ["embeddingTokens"] = 0, ["amount"] = 0.000465, ["currency"] = "USD",
        },
        ["traceId"] = "4bf92f3577b34da6a3ce929d0e0e4736",
    };
}
