using System.Numerics.Tensors;
using TaskRunner.Retrieval.VectorStore.Postgres;

namespace TaskRunner.Tests.VectorStore;

public sealed class SlabScorerTests
{
    [Theory]
    [InlineData(384, 50)] // MiniLM: the 32-float blocks only
    [InlineData(37, 9)] // a block, no 8-float step, and a 5-float scalar tail
    [InlineData(45, 7)] // a block, one 8-float step and a 5-float tail
    [InlineData(3, 4)] // shorter than one vector: scalar only
    public void Every_row_scores_its_dot_product_with_the_query(int dimension, int rows)
    {
        var random = new Random(dimension * 31 + rows);
        var query = Vectors(random, 1, dimension);
        var slab = Vectors(random, rows + 2, dimension); // a slab holds more rows than are scored
        var scores = new float[rows];

        SlabScorer.ScoreRows(query, slab, scores);

        for (var row = 0; row < rows; row++)
        {
            var rowSpan = slab.AsSpan(row * dimension, dimension);
            Assert.Equal(ReferenceDot(query, rowSpan), scores[row], 1e-3f);
            Assert.Equal(TensorPrimitives.Dot(query, rowSpan), scores[row], 1e-3f);
            // The filtered path scores a row alone; it must agree bit for bit with the slab scan.
            Assert.Equal(scores[row], SlabScorer.ScoreRow(query, rowSpan));
        }
    }

    [Fact]
    public void Equal_rows_score_equally_wherever_they_lie_in_the_slab()
    {
        const int dimension = 384;
        var random = new Random(7);
        var query = Vectors(random, 1, dimension);
        var row = Vectors(random, 1, dimension);
        var slab = new float[5 * dimension + 3];
        // The same row at offsets 0, 1×dim, and inside a span that starts 3 floats in (another alignment).
        row.CopyTo(slab, 0);
        row.CopyTo(slab, dimension);
        row.CopyTo(slab, 3 + (3 * dimension));
        var scores = new float[2];
        SlabScorer.ScoreRows(query, slab, scores);
        var shifted = new float[4];
        SlabScorer.ScoreRows(query, slab.AsSpan(3), shifted);

        Assert.Equal(scores[0], scores[1]);
        Assert.Equal(scores[0], shifted[3]);
    }

    [Fact]
    public void Rows_that_do_not_fit_the_slab_are_refused()
    {
        var query = new float[8];
        var slab = new float[8 * 3];

        var error = Assert.Throws<ArgumentException>(() => SlabScorer.ScoreRows(query, slab, new float[4]));
        Assert.Contains("4 rows of 8 floats", error.Message);
    }

    private static float[] Vectors(Random random, int rows, int dimension)
    {
        var values = new float[rows * dimension];
        for (var i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2) - 1);
        return values;
    }

    private static float ReferenceDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return (float)sum;
    }
}
