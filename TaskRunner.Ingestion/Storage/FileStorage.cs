using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace TaskRunner.Ingestion.Storage;

/// <summary>
/// Writes uploads to disk as they arrive (never buffered whole), hashing on the way, under generated names
/// (<c>yyyy/MM/dd/{guid}.bin</c>) below <see cref="StorageOptions.Root"/>.
/// </summary>
public sealed class FileStorage(IOptions<StorageOptions> options)
{
    /// <summary>How many of a file's first bytes <see cref="SaveAsync"/> keeps (<see cref="StoredFile.Head"/>): what type detection reads.</summary>
    public const int HeadBytes = 8 * 1024;

    private const int BufferBytes = 81920;

    /// <summary>The root as an absolute path without a trailing separator, however Storage:Root was written ("/data/", "./files//").</summary>
    public string Root => Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Value.Root));

    public async Task<StoredFile> SaveAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var relative = Path.Combine(DateTime.UtcNow.ToString("yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture), $"{Guid.NewGuid():N}.bin");
        var full = GetFullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        var head = ArrayPool<byte>.Shared.Rent(HeadBytes);
        var headLength = 0;
        long total = 0;
        try
        {
            // bufferSize 0: the writes come in whole buffers already, so the stream's own 80 KB buffer (allocated and
            // zeroed for every upload) only added a copy.
            await using (var file = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferBytes), ct)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new UploadTooLargeException(maxBytes);
                    }

                    if (headLength < HeadBytes)
                    {
                        var kept = Math.Min(read, HeadBytes - headLength);
                        buffer.AsSpan(0, kept).CopyTo(head.AsSpan(headLength));
                        headLength += kept;
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            return new StoredFile(relative, total, Convert.ToHexStringLower(hash.GetHashAndReset())) { Head = head.AsSpan(0, headLength).ToArray() };
        }
        catch
        {
            File.Delete(full);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    /// <summary>The absolute path of a stored file; refuses anything that would leave the storage root.</summary>
    public string GetFullPath(string relativePath)
    {
        var root = Root;
        var inside = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (!full.StartsWith(inside, StringComparison.Ordinal))
        {
            throw new ArgumentException("The path leaves the storage root.", nameof(relativePath));
        }

        return full;
    }

    public void Delete(string relativePath) => File.Delete(GetFullPath(relativePath));
}
