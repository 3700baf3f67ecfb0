namespace TaskRunner.Retrieval.Passages;

/// <summary>The fused passages, best first, and how each source ended (<see cref="SourceStatus"/>), keyed by source name.</summary>
public sealed record PassageSearchResult(IReadOnlyList<RetrievedPassage> Passages, IReadOnlyDictionary<string, string> Sources);
