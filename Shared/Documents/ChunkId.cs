using System.Security.Cryptography;
using System.Text;

namespace TaskRunner.Shared.Documents;

/// <summary>Chunk ids derived from the document and ordinal (name-based UUID, v5 layout), so re-ingesting yields the same ids.</summary>
public static class ChunkId
{
    private static readonly Guid Namespace = new("6f1f8a52-4c1b-4f0e-9d5e-7a0b1c2d3e4f");

    public static Guid For(Guid documentId, int ordinal)
    {
        Span<byte> name = stackalloc byte[16 + 64];
        Namespace.TryWriteBytes(name, bigEndian: true, out _);
        var written = Encoding.UTF8.GetBytes($"{documentId:N}:{ordinal}", name[16..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(name[..(16 + written)], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
