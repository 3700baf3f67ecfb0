using TaskRunner.Generation.Exercises;
using Microsoft.Extensions.Logging;
using TaskRunner.Generation.Llm;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Exercises;

/// <summary>
/// Streams exercises from the LLM: text goes out as token events while it arrives, each exercise is validated and
/// saved the moment its closing brace arrives, a retried attempt first deletes what the failed one saved, and at the
/// end only the invalid or missing items are asked for again (at most <see cref="MaxRegenerationRounds"/> rounds).
/// </summary>
public sealed partial class LlmExerciseWriter(ILlmClient llm, ILogger<LlmExerciseWriter> logger) : IExerciseWriter
{
    public const int MaxRegenerationRounds = 2;

    public string Name => "llm";

    public string NothingWrittenMessage => "The LLM wrote no valid exercise, even after regenerating the invalid ones.";

    public async Task<ExerciseWriteOutcome> WriteAsync(TaskRunContext context, ExerciseRequest request, ExerciseSink sink, CancellationToken ct)
    {
        await context.ReportAsync("generating", 0.1, $"Asking the LLM for {request.Count} exercises", ct);
        var tokens = new TokenBatcher(context.PublishTextAsync);
        // After the last exercise the step ends and the task's success reports 100 %: no report of its own.
        return await WriteAsync(request, sink, tokens, token => sink.SavedCount >= request.Count ? Task.CompletedTask
            : context.ReportAsync("generating", 0.1 + (0.85 * sink.SavedCount / request.Count), $"Saved {sink.SavedCount} of {request.Count} exercises", token), ct);
    }

    internal async Task<ExerciseWriteOutcome> WriteAsync(
        ExerciseRequest request,
        ExerciseSink sink,
        TokenBatcher tokens,
        Func<CancellationToken, Task> onSaved,
        CancellationToken ct)
    {
        var plan = ExercisePlan.Sequence(request.Count, request.Types);
        var problems = new Dictionary<int, InvalidExercise>();
        var saved = new HashSet<int>();
        var targets = Enumerable.Range(0, request.Count).ToList();
        string? model = null;
        int attempts = 0, invalid = 0, round = 0;
        for (; round <= MaxRegenerationRounds && targets.Count > 0; round++)
        {
            var chat = round == 0
                ? ExercisePromptBuilder.Build(request)
                : ExercisePromptBuilder.BuildRegeneration(request, targets.Select(o => problems.GetValueOrDefault(o) ?? Missing(o)).ToList());
            if (round > 0)
            {
                LogRegenerating(logger, sink.SavedCount, request.Count, targets.Count, round);
            }

            var stream = new RoundStream(targets, plan, sink, saved, problems, tokens, onSaved);
            var completion = await llm.StreamChatAsync(chat, stream.OnDeltaAsync, stream.OnRestartAsync, ct);
            await stream.CompleteAsync(ct);
            model ??= completion.Model;
            attempts += completion.Attempts;
            invalid += stream.Invalid;
            targets = Enumerable.Range(0, request.Count).Where(o => !saved.Contains(o)).ToList();
        }

        return new ExerciseWriteOutcome(model, attempts, invalid, round - 1);

        InvalidExercise Missing(int ordinal) =>
            new("(missing)", plan.Count > ordinal ? plan[ordinal] : null, ["the reply did not include this exercise"]);
    }

    /// <summary>One streamed call: reply item i fills ordinal targets[i].</summary>
    private sealed class RoundStream(
        IReadOnlyList<int> targets,
        IReadOnlyList<ExerciseType> plan,
        ExerciseSink sink,
        HashSet<int> saved,
        Dictionary<int, InvalidExercise> problems,
        TokenBatcher tokens,
        Func<CancellationToken, Task> onSaved)
    {
        private readonly List<int> savedThisAttempt = [];
        private ExerciseStreamParser parser = new();

        public int Invalid { get; private set; }

        public async ValueTask OnDeltaAsync(string delta, CancellationToken ct)
        {
            await tokens.AppendAsync(delta, ct);
            await HandleAsync(parser.Feed(delta), ct);
        }

        /// <summary>The client retries the whole reply: forget this attempt, including what it saved.</summary>
        public async ValueTask OnRestartAsync(int attempt, CancellationToken ct)
        {
            tokens.Discard();
            await sink.DeleteAsync(savedThisAttempt, ct);
            saved.ExceptWith(savedThisAttempt);
            savedThisAttempt.Clear();
            foreach (var ordinal in targets)
            {
                problems.Remove(ordinal);
            }

            Invalid = 0;
            parser = new ExerciseStreamParser();
        }

        public async Task CompleteAsync(CancellationToken ct)
        {
            await HandleAsync(parser.Complete(), ct);
            await tokens.FlushAsync(ct);
        }

        private async Task HandleAsync(IReadOnlyList<ExerciseParseItem> items, CancellationToken ct)
        {
            foreach (var item in items)
            {
                if (item.Index >= targets.Count)
                {
                    continue; // more than asked for
                }

                var ordinal = targets[item.Index];
                var found = item.Exercise is { } exercise ? ExerciseValidator.Validate(exercise) : [item.Error ?? "unreadable"];
                if (found.Count > 0)
                {
                    Invalid++;
                    problems[ordinal] = new InvalidExercise(item.RawJson, item.Exercise?.Type ?? plan.ElementAtOrDefault(ordinal), found);
                    continue;
                }

                await sink.SaveAsync(ordinal, item.Exercise!, ct);
                saved.Add(ordinal);
                savedThisAttempt.Add(ordinal);
                problems.Remove(ordinal);
                await onSaved(ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Saved {Saved} of {Count} exercises; asking the LLM again for {Missing} (round {Round})")]
    private static partial void LogRegenerating(ILogger logger, int saved, int count, int missing, int round);
}
