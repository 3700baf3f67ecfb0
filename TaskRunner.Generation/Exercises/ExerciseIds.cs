using System.Globalization;
using TaskRunner.Tasks.Persistence;

namespace TaskRunner.Generation.Exercises;

/// <summary>Deterministic exercise ids (RFC 4122 version 5 over task id and ordinal), so a re-run keeps the same ids.</summary>
public static class ExerciseIds
{
    /// <summary>Namespace of exercise ids; never change it, or every re-run's ids change.</summary>
    public static readonly Guid Namespace = new("0b8f6c3e-5d1a-4e27-b6f9-2c4a7e91d305");

    public static Guid For(Guid taskId, int ordinal) =>
        DeterministicGuid.Create(Namespace, string.Create(CultureInfo.InvariantCulture, $"{taskId:D}:{ordinal}"));
}
