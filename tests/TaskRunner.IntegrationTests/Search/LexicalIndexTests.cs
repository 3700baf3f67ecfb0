using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval;
using TaskRunner.Retrieval.Graph;
using TaskRunner.Retrieval.Lexical;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.IntegrationTests.Search;

/// <summary>
/// The in-memory lexical index against the SQL it replaces, on the same rows of the real Postgres: keyword scores and
/// graph expansion equal, document filters and tenants hold, and a refresh follows new, reindexed and deleted documents.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LexicalIndexTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly string[] Science =
    [
        "Photosynthesis takes place inside chloroplasts of leaf cells.",
        "Chloroplasts contain chlorophyll pigments that absorb red and blue light.",
        "Marie Curie studied radioactivity and discovered polonium and radium.",
        "Volcanoes erupt when magma rises through cracks in the crust.",
        "叶绿体吸收蓝紫光和红光，释放出氧气。",
        "Magma cools into igneous rock such as basalt and granite.",
        "Radioactivity from radium glows faintly in the dark.",
        "Leaf cells exchange oxygen and carbon dioxide through stomata.",
    ];

    private static readonly string[] Questions =
    [
        "Where does photosynthesis take place?", "chlorophyll light absorb", "What did Marie Curie discover?",
        "magma volcano crust rock", "叶绿体怎样吸收蓝紫光？", "光合作用需要阳光", "oxygen leaf", "nothing matches zyzzyva",
    ];

    private readonly string tenant = $"lex-{Guid.NewGuid():N}"[..20];
    private NpgsqlDataSource dataSource = null!;

    public Task InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    [Fact]
    public async Task Keyword_scores_in_memory_equal_the_sql_scores_for_every_chunk_the_sql_considers()
    {
        var documents = await SeedCorpusAsync();
        var index = await IndexAsync(tenant);
        var frequencies = new TokenFrequencies(dataSource);
        var search = new KeywordSearch(dataSource, frequencies);
        var statistics = await frequencies.GetAsync(CancellationToken.None);

        foreach (var filter in new IReadOnlyList<Guid>?[] { null, [documents[1], documents[4]] })
        {
            foreach (var question in Questions)
            {
                var sql = await search.SearchAsync(tenant, question, filter, 1000, CancellationToken.None);
                var memory = await search.SearchAsync(tenant, question, filter, 1000, index, CancellationToken.None);

                // The SQL scores only chunks its plan's prune terms let through; memory scores every chunk holding a term.
                var plan = KeywordQueryPlan.Create(ChunkTokenizer.QueryTerms(question), statistics);
                var considered = memory.Where(h => PassesPrune(h.Chunk, plan)).ToList();
                Assert.Equal(Keys(sql), Keys(considered));
                Assert.Equal(sql.Select(h => h.Score), considered.Select(h => h.Score));
                Assert.All(memory, h => Assert.True(filter is null || filter.Contains(h.Chunk.DocumentId)));
                Assert.All(memory, h => Assert.Equal(tenant, h.Chunk.TenantId));
            }
        }

        Assert.NotEmpty(await search.SearchAsync(tenant, Questions[0], null, 10, index, CancellationToken.None));
    }

    [Fact]
    public async Task Graph_expansion_in_memory_equals_the_sql_expansion()
    {
        var documents = await SeedCorpusAsync();
        var index = await IndexAsync(tenant);
        var store = new GraphStore(dataSource);
        var graph = new GraphSearch(store);
        var compared = 0;

        foreach (var filter in new IReadOnlyList<Guid>?[] { null, [documents[0]], [documents[2], documents[5]] })
        {
            foreach (var question in Questions)
            {
                var sql = await graph.SearchAsync(tenant, question, filter, 1000, CancellationToken.None);
                var memory = await graph.SearchAsync(tenant, question, filter, 1000, index, CancellationToken.None);

                Assert.Equal(sql.Select(h => h.Key).ToHashSet(), memory.Select(h => h.Key).ToHashSet());
                var expected = sql.ToDictionary(h => h.Key, h => h.Score);
                Assert.All(memory, h => Assert.Equal(expected[h.Key], h.Score, 1e-5));
                Assert.Equal(memory.Select(h => h.Score).OrderDescending(), memory.Select(h => h.Score));
                compared += sql.Count;
            }
        }

        // "photosynthesis" links to "chloroplasts", so the expansion reaches chunks that share no word with the question.
        var expanded = await graph.SearchAsync(tenant, "How does photosynthesis work?", null, 100, index, CancellationToken.None);
        Assert.Contains(expanded, h => index.Chunks([h.Key]).Single().Text == Science[1]);
        Assert.True(compared > 50, $"only {compared} graph hits were compared");
    }

    [Fact]
    public async Task Chunks_come_only_from_the_tenants_ready_documents()
    {
        var documents = await SeedCorpusAsync();
        var other = $"lex-other-{Guid.NewGuid():N}"[..24];
        var foreign = await WriteDocumentAsync(other, [Science[0]]);
        var indexing = await WriteDocumentAsync(tenant, ["Photosynthesis in a document still indexing."], DocumentStatuses.Indexing);
        var index = await IndexAsync(tenant);

        Assert.Equal(documents.ToHashSet(), index.Documents.Keys.ToHashSet());
        Assert.Empty(index.Chunks([(foreign, 0), (indexing, 0)]));
        Assert.Equal(Science[0], Assert.Single(index.Chunks([(documents[0], 0)])).Text);
        var hits = index.Score([("photosynthesis", 1.0)], [foreign, documents[0]], 10);
        Assert.All(hits, h => Assert.Equal(documents[0], h.Chunk.DocumentId));
        Assert.NotEmpty(hits);
    }

    [Fact]
    public async Task A_refresh_loads_new_and_reindexed_documents_drops_deleted_ones_and_keeps_the_rest()
    {
        var documents = await SeedCorpusAsync();
        using var set = NewSet(refreshIntervalMs: 0);
        var before = (await set.TryGetAsync(tenant, CancellationToken.None))!;
        Assert.Equal(documents.Length, before.Documents.Count);

        var added = await WriteDocumentAsync(tenant, ["Tectonic plates drift a few centimetres every year."]);
        await ReindexAsync(documents[1], ["Basalt columns form as lava contracts while cooling."]);
        await ExecuteAsync("update documents set status = 'deleting', updated_at = now() where id = $1", documents[2]);
        await ExecuteAsync("delete from documents where id = $1", documents[3]);

        var after = (await set.TryGetAsync(tenant, CancellationToken.None))!;

        Assert.Equal(new[] { documents[0], documents[1], documents[4], documents[5], added }.ToHashSet(), after.Documents.Keys.ToHashSet());
        Assert.Equal("Tectonic plates drift a few centimetres every year.", after.Chunks([(added, 0)]).Single().Text);
        Assert.Equal("Basalt columns form as lava contracts while cooling.", Assert.Single(after.Documents[documents[1]].Chunks).Text);
        Assert.Contains(after.Score([("basalt", 1.0)], null, 10), h => h.Chunk.DocumentId == documents[1]);
        Assert.DoesNotContain(after.Score([("radium", 1.0), ("magma", 1.0)], null, 100), h => h.Chunk.DocumentId == documents[2] || h.Chunk.DocumentId == documents[3]);
        // Unchanged documents are kept as they were, not read again.
        Assert.Same(before.Documents[documents[0]], after.Documents[documents[0]]);
        Assert.Same(before.Documents[documents[5]], after.Documents[documents[5]]);
    }

    [Fact]
    public async Task A_tenant_over_the_memory_budget_is_left_to_postgres()
    {
        // About 2 MB of text against a 1 MB budget.
        await WriteDocumentAsync(tenant, Enumerable.Range(0, 800).Select(i => CorpusText.EnglishParagraph(i, 12)).ToList());
        using var set = NewSet(refreshIntervalMs: 0, budgetMB: 1);

        Assert.Null(await set.TryGetAsync(tenant, CancellationToken.None));
        Assert.DoesNotContain(set.Loaded(), l => l.TenantId == tenant);
    }

    [Fact]
    public async Task Past_the_budget_the_least_recently_searched_tenant_is_evicted_and_loaded_again_when_searched()
    {
        // About 0.6 MB each against a 1 MB budget: two tenants do not fit together.
        var second = $"lex-lru-{Guid.NewGuid():N}"[..20];
        await WriteDocumentAsync(tenant, Enumerable.Range(0, 250).Select(i => CorpusText.EnglishParagraph(i, 12)).ToList());
        await WriteDocumentAsync(second, Enumerable.Range(0, 250).Select(i => CorpusText.EnglishParagraph(1000 + i, 12)).ToList());
        using var set = NewSet(refreshIntervalMs: 60_000, budgetMB: 1);

        Assert.NotNull(await set.TryGetAsync(tenant, CancellationToken.None));
        Assert.NotNull(await set.TryGetAsync(second, CancellationToken.None));
        Assert.Equal([second], set.Loaded().Select(l => l.TenantId));

        Assert.NotNull(await set.TryGetAsync(tenant, CancellationToken.None));
        Assert.Equal([tenant], set.Loaded().Select(l => l.TenantId));
    }

    private static bool PassesPrune(ChunkRecord chunk, KeywordQueryPlan plan)
    {
        var tokens = ChunkTokenizer.IndexTokens(chunk.Text);
        return plan.RequireAll ? plan.Prune.All(tokens.Contains) : plan.Prune.Any(tokens.Contains);
    }

    private static List<(Guid, int)> Keys(IEnumerable<(ChunkRecord Chunk, double Score)> hits) => hits.Select(h => (h.Chunk.DocumentId, h.Chunk.Ordinal)).ToList();

    private LexicalIndexSet NewSet(int refreshIntervalMs, int budgetMB = 64) => new(
        new LexicalIndexLoader(dataSource),
        Options.Create(new LexicalIndexOptions { RefreshIntervalMs = refreshIntervalMs, MemoryBudgetMB = budgetMB, FirstLoadWaitMs = 60_000 }),
        TimeProvider.System, NullLogger<LexicalIndexSet>.Instance);

    private async Task<TenantLexicalIndex> IndexAsync(string tenantId)
    {
        using var set = NewSet(refreshIntervalMs: 60_000);
        var index = await set.TryGetAsync(tenantId, CancellationToken.None);
        Assert.NotNull(index);
        return index;
    }

    /// <summary>Six ready documents of science sentences and seeded English and Chinese prose, each with its knowledge graph.</summary>
    private async Task<Guid[]> SeedCorpusAsync()
    {
        var ids = new List<Guid>();
        for (var d = 0; d < 6; d++)
        {
            var texts = new List<string>();
            for (var c = 0; c < 10; c++)
            {
                texts.Add((((d * 10) + c) % 3) switch
                {
                    0 => Science[((d * 10) + c) % Science.Length],
                    1 => CorpusText.EnglishParagraph((d * 100) + c, 3),
                    _ => CorpusText.ChineseParagraph((d * 100) + c, 3),
                });
            }

            texts[0] = Science[d % Science.Length];
            ids.Add(await WriteDocumentAsync(tenant, texts));
        }

        return [.. ids];
    }

    private async Task<Guid> WriteDocumentAsync(string tenantId, IReadOnlyList<string> texts, string status = DocumentStatuses.Ready)
    {
        var documentId = Guid.NewGuid();
        await new DocumentStore(dataSource).InsertAsync(new DocumentRecord
        {
            Id = documentId, TenantId = tenantId, Title = "lexical", FileName = "lexical.txt", Kind = "text", SizeBytes = 1,
            Sha256 = documentId.ToString("N"), StoragePath = "none", Status = status,
        }, CancellationToken.None);
        await WriteRowsAsync(tenantId, documentId, texts);
        return documentId;
    }

    /// <summary>What a reindex leaves: new chunks and graph, and a new <c>updated_at</c> when the document is ready again.</summary>
    private async Task ReindexAsync(Guid documentId, IReadOnlyList<string> texts)
    {
        await ExecuteAsync("delete from graph_terms where document_id = $1", documentId);
        await ExecuteAsync("delete from graph_edges where document_id = $1", documentId);
        await WriteRowsAsync(tenant, documentId, texts);
        await ExecuteAsync("update documents set updated_at = now() where id = $1", documentId);
    }

    private async Task WriteRowsAsync(string tenantId, Guid documentId, IReadOnlyList<string> texts)
    {
        await new ChunkStore(dataSource).ReplaceAsync(documentId, texts.Select((text, ordinal) => new ChunkRecord
        {
            Id = Guid.NewGuid(), DocumentId = documentId, TenantId = tenantId, Ordinal = ordinal, Text = text, TokenCount = text.Length,
            Section = ordinal < 5 ? "first" : "second", ContentHash = "h",
        }).ToList(), CancellationToken.None);
        var graph = KnowledgeGraphBuilder.Build(texts.Select((text, ordinal) => (ordinal, text, (string?)(ordinal < 5 ? "first" : "second"))).ToList());
        await InsertAsync(
            "insert into graph_terms (tenant_id, document_id, ordinal, term, weight) select $1, $2, * from unnest($3::int[], $4::text[], $5::real[])",
            tenantId, documentId, graph.Nodes.Select(n => n.Ordinal).ToArray(), graph.Nodes.Select(n => n.Term).ToArray(), graph.Nodes.Select(n => n.Weight).ToArray());
        await InsertAsync(
            "insert into graph_edges (tenant_id, document_id, source, target, weight) select $1, $2, * from unnest($3::text[], $4::text[], $5::real[])",
            tenantId, documentId, graph.Edges.Select(e => e.Source).ToArray(), graph.Edges.Select(e => e.Target).ToArray(), graph.Edges.Select(e => e.Weight).ToArray());
    }

    private async Task InsertAsync(string sql, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task ExecuteAsync(string sql, Guid documentId)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = documentId });
        await command.ExecuteNonQueryAsync();
    }
}
