using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Retrieval;

/// <summary>
/// Keyword retrieval over the chunks table that works for Chinese as well as English: the query becomes Latin words
/// and CJK character bigrams, candidates are found with ILIKE (served by the trigram index), and ranked by how many
/// distinct terms they contain, then by term frequency.
/// </summary>
public sealed partial class KeywordSearch(NpgsqlDataSource dataSource)
{
    private const int CandidateLimit = 500;

    public async Task<IReadOnlyList<(ChunkRecord Chunk, double Score)>> SearchAsync(string tenantId, string query, IReadOnlyList<Guid>? documentIds, int limit, CancellationToken ct)
    {
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            return [];
        }

        var patterns = terms.Select(t => "%" + t.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%").ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var candidates = await connection.QueryAsync<ChunkRecord>(new CommandDefinition("""
            select * from chunks
             where tenant_id = @tenantId and (@documents::uuid[] is null or document_id = any(@documents)) and text ilike any(@patterns)
             limit @limit
            """, new { tenantId, documents = documentIds is { Count: > 0 } ? documentIds.ToArray() : null, patterns, limit = CandidateLimit }, cancellationToken: ct));
        return candidates
            .Select(c => (Chunk: c, Score: Score(c.Text, terms)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score).ThenBy(x => x.Chunk.DocumentId).ThenBy(x => x.Chunk.Ordinal)
            .Take(limit)
            .ToList();
    }

    /// <summary>Lowercase Latin words of 2+ letters and CJK bigrams (single characters for one-character runs).</summary>
    public static IReadOnlyList<string> Terms(string query)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in TokenPattern().Matches(query.ToLowerInvariant()))
        {
            var token = match.Value;
            if (IsCjk(token[0]))
            {
                if (token.Length == 1)
                {
                    terms.Add(token);
                }

                for (var i = 0; i + 1 < token.Length; i++)
                {
                    terms.Add(token.Substring(i, 2));
                }
            }
            else if (token.Length >= 2)
            {
                terms.Add(token);
            }
        }

        return terms.ToList();
    }

    private static double Score(string text, IReadOnlyList<string> terms)
    {
        var lower = text.ToLowerInvariant();
        double matched = 0;
        double frequency = 0;
        foreach (var term in terms)
        {
            var count = 0;
            for (var index = lower.IndexOf(term, StringComparison.Ordinal); index >= 0; index = lower.IndexOf(term, index + term.Length, StringComparison.Ordinal))
            {
                count++;
            }

            if (count > 0)
            {
                matched++;
                frequency += Math.Log(1 + count);
            }
        }

        return matched + (frequency / (1 + terms.Count));
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf' or >= '\uf900' and <= '\ufaff';

    [GeneratedRegex(@"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[\p{L}\p{N}]+")]
    private static partial Regex TokenPattern();
}
