namespace TaskRunner.Retrieval.Lexical;

/// <summary>The orders Postgres sorts by, so in-memory rankings break ties as the SQL ones do.</summary>
internal static class PostgresOrder
{
    /// <summary><c>uuid</c> order: the 16 bytes in network (big-endian) order, compared unsigned.</summary>
    public static int Compare(Guid a, Guid b)
    {
        Span<byte> left = stackalloc byte[16];
        Span<byte> right = stackalloc byte[16];
        a.TryWriteBytes(left, bigEndian: true, out _);
        b.TryWriteBytes(right, bigEndian: true, out _);
        return left.SequenceCompareTo(right);
    }

    /// <summary><c>text</c> under the C collation: code point order (ordinal UTF-16 differs only past surrogates, which terms do not hold in practice).</summary>
    public static int Compare(string a, string b) => string.CompareOrdinal(a, b);
}
