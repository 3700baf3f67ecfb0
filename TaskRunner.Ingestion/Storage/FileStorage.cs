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
    /// <summary>The root as an absolute path without a trailing separator, however Storage:Root was written ("/data/", "./files//").</summary>
    public string Root => Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Value.Root));

    public async Task<StoredFile> SaveAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var relative = Path.Combine(DateTime.UtcNow.ToString("yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture), $"{Guid.NewGuid():N}.bin");
        var full = GetFullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        long total = 0;
        try
        {
            await using (var file = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, buffer.Length), ct)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new UploadTooLargeException(maxBytes);
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }

                await file.FlushAsync(ct);
            }

            return new StoredFile(relative, total, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            File.Delete(full);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
