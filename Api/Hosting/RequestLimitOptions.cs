using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Api.Hosting;

public sealed class RequestLimitOptions
{
    public const string SectionName = "Requests";

    /// <summary>Largest JSON or form body accepted (default 1 MB); larger ones get 413 <c>request_too_large</c>. Uploads have <c>Storage:MaxUploadBytes</c>.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}
