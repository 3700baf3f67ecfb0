using System.Text.Json;

namespace TaskRunner.Testing.Retrieval;

/// <summary>A teaching passage of the evaluation set.</summary>
public sealed record EvalPassage(string Id, string Language, string Subject, string Text);

/// <summary>A query and the one passage that answers it. Kind: lexical (the passage's key words) or paraphrase (other words).</summary>
public sealed record EvalQuery(string Id, string Language, string Kind, string Text, string Answer);

/// <summary>
/// The labelled retrieval evaluation set (issue #14), <c>retrieval-eval.json</c> beside this file: passages in English
/// and Chinese across subjects, and queries half English, half Chinese, half of them paraphrases of their answer.
/// </summary>
public sealed record RetrievalEvalSet(string Description, IReadOnlyList<EvalPassage> Passages, IReadOnlyList<EvalQuery> Queries)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RetrievalEvalSet Load()
    {
        using var stream = typeof(RetrievalEvalSet).Assembly.GetManifestResourceStream("TaskRunner.Testing.Retrieval.retrieval-eval.json")
            ?? throw new InvalidOperationException("retrieval-eval.json is not embedded in TaskRunner.Testing.");
        var set = JsonSerializer.Deserialize<RetrievalEvalSet>(stream, Json) ?? throw new InvalidOperationException("retrieval-eval.json is empty.");
        var ids = set.Passages.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = set.Queries.FirstOrDefault(q => !ids.Contains(q.Answer));
        return unknown is null ? set : throw new InvalidOperationException($"Query {unknown.Id} answers with unknown passage '{unknown.Answer}'.");
    }
}
