using TaskRunner.Generation.Llm;
using TaskRunner.Tasks;

namespace TaskRunner.Generation.Exercises;

/// <summary>Asks the LLM for a score and feedback; an unreadable reply is retried as a transient failure.</summary>
public sealed class LlmShortAnswerGrader(ILlmClient llm) : IShortAnswerGrader
{
    public string Name => "llm";

    public async Task<GradedAnswer> GradeAsync(ExerciseRecord exercise, string answer, CancellationToken ct)
    {
        var completion = await llm.CompleteChatAsync(ShortAnswerGradingPrompt.Build(exercise.Question, exercise.Answer, answer, exercise.Language), ct);
        return ShortAnswerGradingPrompt.TryParse(completion.Text, out var grade)
            ? new GradedAnswer(grade, completion.Model)
            : throw new TransientTaskException(LlmErrorCodes.InvalidReply, "The LLM's grading reply had no readable score.");
    }
}
