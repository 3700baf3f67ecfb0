namespace TaskRunner.Generation.Batches;

/// <summary>The input of an <c>llm.batch</c> task: the batch whose items it runs (items live in <c>batch_items</c>).</summary>
public sealed record BatchInput(Guid BatchId);
