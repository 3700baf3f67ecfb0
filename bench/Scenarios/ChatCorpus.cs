using System.Text;
using TaskRunner.Bench.Infrastructure;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// The corpus of the #13 chat scenarios: English-like text over a seeded synthetic vocabulary (a few common words, many
/// rare ones), uploaded through the Api and ingested by a real Worker (chunks, knowledge graph, vectors), once per run,
/// until the bench tenant holds about the asked number of chunks. Queries are a few words of a random chunk's text.
/// </summary>
public static class ChatCorpus
{
    private const int ParagraphsPerDocument = 250;
    private static readonly SemaphoreSlim gate = new(1, 1);
    private static readonly Random random = new(20261202);
    private static string[]? vocabulary;
    private static int chunks;

    public static string Tenant => "bench";

    /// <summary>Ingests documents until the tenant holds at least <paramref name="target"/> chunks; returns how many it holds.</summary>
    public static async Task<int> EnsureAsync(BenchRun run, int target, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            vocabulary ??= Vocabulary(5000);
            if (chunks >= target)
            {
                return chunks;
            }

            await using (var session = await WorkerSession.StartAsync(run.Stack, run.Platform, "ingest,embed", run.Options.IngestWorkers, ct))
            {
                while (chunks < target)
                {
                    var round = await session.RunAsync(async token =>
                    {
                        var ids = new List<Guid>();
                        for (var i = 0; i < 4; i++)
                        {
                            ids.Add(await run.Platform.UploadAsync(Encoding.UTF8.GetBytes(Document()), $"chat-corpus-{Guid.NewGuid():N}.txt", token));
                        }

                        return ids;
                    }, TimeSpan.FromMinutes(10), ct);
                    if (round.Failed > 0)
                    {
                        throw new InvalidOperationException($"{round.Failed} corpus documents failed to ingest, first: {TaskWaiter.FirstError(round.Tasks)}");
                    }

                    await using var count = run.Stack.DataSource.CreateCommand($"select count(*) from chunks where tenant_id = '{Tenant}'");
                    chunks = (int)(long)(await count.ExecuteScalarAsync(ct))!;
                }
            }

            return chunks;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Questions: four to six words of a sentence the corpus generator could write.</summary>
    public static IReadOnlyList<string> Questions(int count)
    {
        vocabulary ??= Vocabulary(5000);
        lock (random)
        {
            return Enumerable.Range(0, count).Select(_ => "What about " + string.Join(' ', Enumerable.Range(0, random.Next(4, 7)).Select(_ => Word())) + "?").ToList();
        }
    }

    private static string Document()
    {
        var text = new StringBuilder();
        lock (random)
        {
            for (var p = 0; p < ParagraphsPerDocument; p++)
            {
                if (p % 25 == 0)
                {
                    text.Append("# Section ").Append(Word()).Append("\n\n");
                }

                for (var s = 0; s < 12; s++)
                {
                    var sentence = string.Join(' ', Enumerable.Range(0, random.Next(8, 16)).Select(_ => Word()));
                    text.Append(char.ToUpperInvariant(sentence[0])).Append(sentence[1..]).Append(". ");
                }

                text.Append("\n\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Zipf-like: a word's chance falls with its rank, so a few words are everywhere and most are rare.</summary>
    private static string Word()
    {
        var rank = (int)Math.Min(vocabulary!.Length - 1, Math.Floor(Math.Pow(vocabulary.Length, random.NextDouble())) - 1);
        return vocabulary[Math.Max(0, rank)];
    }

    private static string[] Vocabulary(int size)
    {
        const string consonants = "bdfgklmnprstvz";
        const string vowels = "aeiou";
        var words = new HashSet<string>();
        var seeded = new Random(7);
        while (words.Count < size)
        {
            var word = new StringBuilder();
            for (var i = 0; i < seeded.Next(2, 5); i++)
            {
                word.Append(consonants[seeded.Next(consonants.Length)]).Append(vowels[seeded.Next(vowels.Length)]);
            }

            words.Add(word.ToString());
        }

        return words.ToArray();
    }
}
