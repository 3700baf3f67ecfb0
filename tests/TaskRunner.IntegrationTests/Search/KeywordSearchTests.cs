using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.IntegrationTests.Search;

/// <summary>
/// Keyword search against the real Postgres: tokens written with the chunks (migration 0006), pruning through the GIN
/// index, ranking in SQL, the cap on query terms, and the backfill of chunks written before the migration.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class KeywordSearchTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string Target = "叶绿体吸收蓝紫光和红光，释放出氧气。";
    private static readonly string[] Subjects = ["光合作用", "植物的叶片", "细胞膜", "水的循环", "古代诗歌", "三角形的面积", "中国的历史", "太阳系", "化学反应", "学生们"];

    private static readonly string[] Predicates =
        ["是自然界中最重要的过程之一", "需要阳光、水和二氧化碳", "在课堂上被老师详细讲解", "可以通过简单的实验来观察",
         "影响着我们日常生活的方方面面", "在考试中经常出现", "与环境保护密切相关", "帮助我们理解世界的规律"];

    private readonly string tenant = $"kw-{Guid.NewGuid():N}"[..20];
    private NpgsqlDataSource dataSource = null!;
    private ChunkStore chunks = null!;

    public Task InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
        chunks = new ChunkStore(dataSource);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    [Fact]
    public async Task Chinese_query_finds_the_chunk_that_holds_it_among_thousands_best_first()
    {
        var (target, partial) = await SeedChineseAsync(documents: 20, chunksPerDocument: 100);
        var otherTenant = await WriteDocumentAsync("kw-other-tenant", [Target]);

        var hits = await Search().SearchAsync(tenant, "叶绿体怎样吸收蓝紫光？", null, 10, CancellationToken.None);

        Assert.Equal((target, 0), (hits[0].Chunk.DocumentId, hits[0].Chunk.Ordinal));
        Assert.Equal(Target, hits[0].Chunk.Text);
        Assert.Equal((partial, 0), (hits[1].Chunk.DocumentId, hits[1].Chunk.Ordinal));
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.Equal(hits.Select(h => h.Score).OrderDescending(), hits.Select(h => h.Score));
        Assert.All(hits, h => Assert.Equal(tenant, h.Chunk.TenantId));
        Assert.DoesNotContain(hits, h => h.Chunk.DocumentId == otherTenant);

        var filtered = await Search().SearchAsync(tenant, "叶绿体怎样吸收蓝紫光？", [partial], 10, CancellationToken.None);
        Assert.All(filtered, h => Assert.Equal(partial, h.Chunk.DocumentId));
        Assert.Equal(0, filtered[0].Chunk.Ordinal);
    }

    [Fact]
    public async Task A_long_query_is_capped_to_its_rarest_terms_and_still_finds_its_chunk()
    {
        // A sentence only this test writes: column statistics are shared by every test of the run, and other tests'
        // lessons talk about chlorophyll, so "叶绿" is not rare across the whole table.
        const string rareTarget = "钨丝灯泡在真空中发出暖黄色的光。";
        var (target, _) = await SeedChineseAsync(documents: 12, chunksPerDocument: 100, rareTarget);
        await using (var analyze = dataSource.CreateCommand("analyze chunks"))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        // A pasted page: every sentence the corpus is made of, with the one that matters near the end.
        var ordinary = Subjects.SelectMany(s => Predicates.Select(p => s + p + "。")).ToList();
        var query = string.Concat(ordinary.Take(70)) + rareTarget + string.Concat(ordinary.Skip(70));
        var frequencies = new TokenFrequencies(dataSource);
        var terms = ChunkTokenizer.QueryTerms(query);
        var selected = KeywordQueryPlan.SelectTerms(terms, await frequencies.GetAsync(CancellationToken.None), KeywordSearch.MaxQueryTerms);

        var hits = await new KeywordSearch(dataSource, frequencies).SearchAsync(tenant, query, null, 5, CancellationToken.None);

        Assert.True(terms.Count > 150, $"the query has {terms.Count} terms");
        Assert.Equal(KeywordSearch.MaxQueryTerms, selected.Count);
        Assert.Equal((target, 0), (hits[0].Chunk.DocumentId, hits[0].Chunk.Ordinal));
    }

    [Fact]
    public async Task The_query_prunes_chunks_through_the_gin_index_on_tokens()
    {
        // Enough chunks in the tenant that reading them all through the tenant index costs more than the GIN lookup.
        await SeedChineseAsync(documents: 100, chunksPerDocument: 100);
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("analyze chunks");
        // A test table is small enough that a sequential scan may look as cheap; at 100,000 chunks the planner picks the
        // index by itself (bench scenario 8).
        await connection.ExecuteAsync("set enable_seqscan = off");
        var terms = ChunkTokenizer.QueryTerms("叶绿体吸收蓝紫光").ToArray();
        await using var explain = new NpgsqlCommand("explain " + KeywordSearch.SqlFor(requireAll: false), connection);
        explain.Parameters.AddWithValue("tenantId", tenant);
        explain.Parameters.AddWithValue("terms", terms);
        explain.Parameters.AddWithValue("weights", terms.Select(_ => 1f).ToArray());
        explain.Parameters.AddWithValue("prune", terms);
        explain.Parameters.Add(new NpgsqlParameter("documents", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid) { Value = DBNull.Value });
        explain.Parameters.AddWithValue("limit", 10);
        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        var plan = string.Join('\n', lines);

        Assert.True(plan.Contains("Bitmap Index Scan on chunks_tokens", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("Seq Scan on chunks", StringComparison.Ordinal), plan);
    }

    [Fact]
    public async Task English_query_matches_whole_words_in_any_case_and_ranks_by_matched_terms()
    {
        var both = await WriteDocumentAsync(tenant, ["Chlorophyll absorbs LIGHT during photosynthesis."]);
        var one = await WriteDocumentAsync(tenant, ["The light was switched off at night."]);
        var none = await WriteDocumentAsync(tenant, ["Mitochondria release energy; enlightenment is another word."]);

        var hits = await Search().SearchAsync(tenant, "Photosynthesis light", null, 10, CancellationToken.None);

        Assert.Equal([both, one], hits.Select(h => h.Chunk.DocumentId));
        Assert.DoesNotContain(hits, h => h.Chunk.DocumentId == none);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public async Task Chunks_written_before_the_migration_get_the_tokenizers_tokens_from_the_backfill()
    {
        var document = await WriteDocumentAsync(tenant, ["placeholder"]);
        const string text = "细胞膜控制物质进出 Cell membranes, 2 layers.";
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update chunks set text = @text, tokens = null where document_id = @document", new { text, document });
        }

        while (await chunks.BackfillTokensAsync(100, CancellationToken.None) > 0)
        {
        }

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var select = new NpgsqlCommand("select tokens from chunks where document_id = $1", connection) { Parameters = { new() { Value = document } } };
            var tokens = (string[])(await select.ExecuteScalarAsync())!;
            Assert.Equal(ChunkTokenizer.IndexTokens(text), tokens);
        }

        var hits = await Search().SearchAsync(tenant, "细胞膜 membranes", null, 10, CancellationToken.None);
        Assert.Equal(document, Assert.Single(hits).Chunk.DocumentId);
    }

    private KeywordSearch Search() => new(dataSource, new TokenFrequencies(dataSource));

    /// <summary>
    /// Many documents of ordinary Chinese prose; the first chunk of one holds <see cref="Target"/>, the first chunk of
    /// another only a part of it.
    /// </summary>
    private async Task<(Guid Target, Guid Partial)> SeedChineseAsync(int documents, int chunksPerDocument, string target = Target)
    {
        var ids = new List<Guid>();
        for (var d = 0; d < documents; d++)
        {
            var texts = Enumerable.Range(0, chunksPerDocument).Select(c => CorpusText.ChineseParagraph((d * 1000) + c, 4)).ToList();
            texts[0] = d switch { 3 => target, 11 => "蓝紫光照在叶片上。", _ => texts[0] };
            ids.Add(await WriteDocumentAsync(tenant, texts));
        }

        return (ids[3], ids[11]);
    }

    private async Task<Guid> WriteDocumentAsync(string tenantId, IReadOnlyList<string> texts)
    {
        var documentId = Guid.NewGuid();
        await new DocumentStore(dataSource).InsertAsync(new DocumentRecord
        {
            Id = documentId, TenantId = tenantId, Title = "keywords", FileName = "keywords.txt", Kind = "text", SizeBytes = 1,
            Sha256 = documentId.ToString("N"), StoragePath = "none", Status = DocumentStatuses.Ready,
        }, CancellationToken.None);
        await chunks.ReplaceAsync(documentId, texts.Select((text, ordinal) => new ChunkRecord
        {
            Id = Guid.NewGuid(), DocumentId = documentId, TenantId = tenantId, Ordinal = ordinal, Text = text, TokenCount = text.Length, ContentHash = "h",
        }).ToList(), CancellationToken.None);
        return documentId;
    }
}
