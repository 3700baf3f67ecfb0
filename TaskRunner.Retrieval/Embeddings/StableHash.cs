using System.Text;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>FNV-1a 64 over UTF-8: stable across processes and runtimes, unlike string.GetHashCode.</summary>
internal static class StableHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Fnv1a64(string text)
    {
        Span<byte> stackBuffer = stackalloc byte[256];
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = max <= stackBuffer.Length ? stackBuffer : new byte[max];
        var length = Encoding.UTF8.GetBytes(text, buffer);

        var hash = Offset;
        foreach (var b in buffer[..length])
        {
            hash ^= b;
            hash *= Prime;
        }

        return hash;
    }
}
