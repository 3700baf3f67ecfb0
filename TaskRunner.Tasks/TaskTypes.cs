namespace TaskRunner.Tasks;

/// <summary>The kinds of task, as stored in <c>tasks.type</c>.</summary>
public static class TaskTypes
{
    public const string IngestDocument = "document.ingest";

    /// <summary>Removes a document's vectors, chunks, row and stored file.</summary>
    public const string DeleteDocument = "document.delete";

    /// <summary>Repairs one tenant's vectors against its chunks: embeds chunks without vectors, deletes vectors without chunks.</summary>
    public const string ReconcileVectors = "vectors.reconcile";

    /// <summary>A task that only waits and reports progress: for smoke tests, benchmarks and checking that workers are alive.</summary>
    public const string Noop = "diagnostics.noop";

    /// <summary>Generates exercises from a topic, a text and/or documents (LLM, or the offline generator).</summary>
    public const string GenerateExercises = "exercise.generate";

    /// <summary>Grades a short-answer submission.</summary>
    public const string GradeSubmission = "exercise.grade";

    /// <summary>Summarises teaching material: key points, difficulty, suitable exercise types.</summary>
    public const string AnalyzeMaterial = "material.analyze";
}
