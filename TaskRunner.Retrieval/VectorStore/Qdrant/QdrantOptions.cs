using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Retrieval.VectorStore.Qdrant;

/// <summary>Settings of the <c>Qdrant</c> section; Qdrant is used only when <see cref="Url"/> is set.</summary>
public sealed class QdrantOptions
{
    public const string SectionName = "Qdrant";

    /// <summary>The default gRPC port of Qdrant, used when <see cref="Url"/> names none.</summary>
    public const int DefaultGrpcPort = 6334;

    /// <summary>gRPC endpoint, e.g. http://localhost:6334; an https URL (or <see cref="UseTls"/>) connects over TLS.</summary>
    [Url]
    public string? Url { get; set; }

    /// <summary>Sent as the <c>api-key</c> metadata on every call when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Use TLS even when <see cref="Url"/> says http (a TLS-terminating proxy on a plain-looking address).</summary>
    public bool UseTls { get; set; }

    /// <summary>Deadline of one gRPC call (one attempt).</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>How long opening the TCP (and TLS) connection may take before the attempt fails as unreachable.</summary>
    [Range(1, 600)]
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>Retries of a call that failed with Unavailable, DeadlineExceeded, ResourceExhausted or Aborted; 0 turns them off.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially with jitter.</summary>
    [Range(1, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 200;

    [Range(1, 10_000)]
    public int UpsertBatchSize { get; set; } = 256;

    /// <summary>The endpoint the channel dials: <see cref="Url"/> with port 6334 when it names none, https when TLS is on.</summary>
    public Uri Endpoint()
    {
        if (string.IsNullOrWhiteSpace(Url)) throw new InvalidOperationException("Qdrant:Url is not set.");
        var url = new Uri(Url, UriKind.Absolute);
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException($"Qdrant:Url must be an http or https URL, not {url.Scheme}.");
        var builder = new UriBuilder(url) { Path = "/" };
        if (url.IsDefaultPort && !HasExplicitPort(Url)) builder.Port = DefaultGrpcPort;
        if (UseTls) builder.Scheme = Uri.UriSchemeHttps;
        return builder.Uri;
    }

    private static bool HasExplicitPort(string url)
    {
        var authority = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/', 2)[0];
        return authority.LastIndexOf(':') > authority.LastIndexOf(']');
    }
}
