using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Exercises;

/// <summary>Task types of the exercise workflow.</summary>
public static class ExerciseTasks
{
    /// <summary>Generates exercises from a topic, a text and/or documents (LLM, or the offline generator).</summary>
    public static readonly TaskDefinition<ExerciseGenerationInput> Generate = TaskDefinition.For<ExerciseGenerationInput>("exercise.generate")
        .Then<GenerateStep>(TaskQueues.Llm);

    /// <summary>Grades a short-answer submission.</summary>
    public static readonly TaskDefinition<ShortAnswerGradingInput> Grade = TaskDefinition.For<ShortAnswerGradingInput>("exercise.grade")
        .Then<GradeStep>(TaskQueues.Llm);
}
