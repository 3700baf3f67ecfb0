using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TaskRunner.Shared.Exercises;

/// <summary>Deterministic exercise ids (RFC 4122 version 5 over task id and ordinal), so a re-run keeps the same ids.</summary>
public static class ExerciseIds
{
    /// <summary>Namespace of exercise ids; never change it, or every re-run's ids change.</summary>
    public static readonly Guid Namespace = new("0b8f6c3e-5d1a-4e27-b6f9-2c4a7e91d305");

    public static Guid For(Guid taskId, int ordinal)
    {
        var name = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{taskId:D}:{ordinal}"));
        Span<byte> input = stackalloc byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input[16..]);

        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
