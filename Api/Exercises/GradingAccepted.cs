using System.Text.Json.Serialization;
using TaskRunner.Api.Tasks;
using TaskRunner.Tasks;

namespace TaskRunner.Api.Exercises;

/// <summary>The answer to a short-answer submission: the grading task envelope plus the submission to read later.</summary>
public sealed record GradingAccepted : TaskAccepted
{
    [JsonConstructor]
    public GradingAccepted()
    {
    }

    public GradingAccepted(TaskRecord task, Guid submissionId)
        : base(task) => SubmissionId = submissionId;

    public Guid SubmissionId { get; init; }
}
