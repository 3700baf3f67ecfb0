using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Materials;

/// <summary>Task types that read teaching material.</summary>
public static class MaterialTasks
{
    /// <summary>Summarises teaching material: key points, difficulty, suitable exercise types.</summary>
    public static readonly TaskDefinition<MaterialAnalysisInput> Analyze = TaskDefinition.For<MaterialAnalysisInput>("material.analyze")
        .Then<AnalyzeStep>(TaskQueues.Llm);
}
