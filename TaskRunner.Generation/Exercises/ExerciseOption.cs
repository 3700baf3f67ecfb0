namespace TaskRunner.Generation.Exercises;

/// <summary>A multiple-choice option: Key is "A".."F".</summary>
public sealed record ExerciseOption(string Key, string Text);
