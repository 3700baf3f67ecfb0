namespace TaskRunner.Retrieval.Graph;

/// <summary>One document's part of the knowledge graph: the terms each chunk holds and the weighted links between terms.</summary>
public sealed record KnowledgeGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges);

/// <summary>A key term of chunk <paramref name="Ordinal"/>, weighted by how characteristic it is of that chunk.</summary>
public sealed record GraphNode(int Ordinal, string Term, float Weight);

/// <summary>A directed link between two terms; every link is stored in both directions.</summary>
public sealed record GraphEdge(string Source, string Target, float Weight);
