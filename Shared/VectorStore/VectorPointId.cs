using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TaskRunner.Shared.VectorStore;

/// <summary>Deterministic point ids (RFC 4122 version 5, SHA-1 name-based), so a replayed upsert overwrites instead of duplicating.</summary>
public static class VectorPointId
{
    /// <summary>Namespace of TaskRunner chunk points; never change it, or every stored id changes.</summary>
    public static readonly Guid Namespace = new("6f1c2a9e-3b7d-4c55-9a0e-8d2f4b61c7e3");

    public static Guid For(Guid documentId, int ordinal)
    {
        var name = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{documentId:D}:{ordinal}"));
        Span<byte> input = stackalloc byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input[16..]);

        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
