namespace TaskRunner.Retrieval.Passages;

/// <summary>The sources retrieval runs in parallel; their wire names are <c>vector</c>, <c>keyword</c> and <c>graph</c>.</summary>
public enum PassageSource
{
    Vector,
    Keyword,
    Graph,
}
