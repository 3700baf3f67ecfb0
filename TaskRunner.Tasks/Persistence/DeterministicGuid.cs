using System.Security.Cryptography;
using System.Text;

namespace TaskRunner.Tasks.Persistence;

/// <summary>
/// Name-based UUIDs (RFC 4122 version 5, SHA-1): the same namespace and name always give the same id, so steps that
/// run twice write the same rows instead of new ones.
/// </summary>
public static class DeterministicGuid
{
    public static Guid Create(Guid @namespace, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        Span<byte> input = nameBytes.Length <= 256 ? stackalloc byte[16 + nameBytes.Length] : new byte[16 + nameBytes.Length];
        @namespace.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input[16..]);

        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
