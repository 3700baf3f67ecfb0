using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Retrieval.Lexical;

/// <summary>Settings of the <c>LexicalIndex</c> section: the Api's in-memory keyword, graph and chunk-text index per tenant.</summary>
public sealed class LexicalIndexOptions
{
    public const string SectionName = "LexicalIndex";

    /// <summary>Off: keyword search, graph expansion and chunk texts are read from Postgres for every question.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How stale a tenant's index may be: a search later than this after the last refresh reads the document list first.</summary>
    [Range(0, 3_600_000)]
    public int RefreshIntervalMs { get; set; } = 1000;

    /// <summary>Memory the process may spend on indexed tenants; past it the least recently searched tenants are dropped.</summary>
    [Range(1, 1_048_576)]
    public int MemoryBudgetMB { get; set; } = 1024;

    /// <summary>
    /// How long a search waits for a tenant's first load; a longer load goes on in the background while searches use
    /// Postgres. 0: never wait (the first searches of a tenant always use Postgres). Below the sources' deadlines
    /// (<c>Retrieval:Sources</c>, 2 s), so a slow first load falls back to SQL instead of timing the source out.
    /// </summary>
    [Range(0, 600_000)]
    public int FirstLoadWaitMs { get; set; } = 1000;

    /// <summary>A tenant whose index alone exceeds the budget is searched in Postgres; its load is tried again after this long.</summary>
    [Range(1, 86_400)]
    public int OverBudgetRetrySeconds { get; set; } = 300;
}
