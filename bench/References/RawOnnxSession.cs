using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;
using TaskRunner.Retrieval.Embeddings;

namespace TaskRunner.Bench.References;

/// <summary>
/// The floor for embedding: the built-in MiniLM in a bare InferenceSession, one caller, texts tokenised with the same
/// vocabulary, sorted by length, run in batches, mean-pooled and normalised. No batcher, no DI, no awaits.
/// </summary>
public static class RawOnnxSession
{
    public static async Task<(TimeSpan Wall, int Texts)> MeasureAsync(IReadOnlyList<string> texts, int batchSize, int threads, CancellationToken ct)
    {
        var encoder = BertTextEncoder.LoadBuiltIn(lowerCase: true);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = threads };
        using var session = new InferenceSession(await BuiltInEmbeddingModel.ReadModelAsync(ct), options);
        Embed(session, encoder, texts.Take(batchSize).ToList(), batchSize); // warm-up
        var started = Stopwatch.GetTimestamp();
        Embed(session, encoder, texts, batchSize);
        return (Stopwatch.GetElapsedTime(started), texts.Count);
    }

    private static void Embed(InferenceSession session, BertTextEncoder encoder, IReadOnlyList<string> texts, int batchSize)
    {
        var encoded = texts.Select(t => encoder.Encode(t, BuiltInEmbeddingModel.MaxTokens).Ids).OrderBy(ids => ids.Length).ToList();
        using var runOptions = new RunOptions();
        foreach (var batch in encoded.Chunk(batchSize))
        {
            var seq = batch.Max(ids => ids.Length);
            var ids = new long[batch.Length * seq];
            var mask = new long[batch.Length * seq];
            for (var b = 0; b < batch.Length; b++)
            {
                for (var s = 0; s < batch[b].Length; s++)
                {
                    ids[(b * seq) + s] = batch[b][s];
                    mask[(b * seq) + s] = 1;
                }
            }

            long[] shape = [batch.Length, seq];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
            using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], ["last_hidden_state"]);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            const int dim = BuiltInEmbeddingModel.Dimension;
            for (var b = 0; b < batch.Length; b++)
            {
                var vector = new float[dim];
                for (var s = 0; s < batch[b].Length; s++) TensorPrimitives.Add(vector, hidden.Slice(((b * seq) + s) * dim, dim), vector);
                TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            }
        }
    }
}
