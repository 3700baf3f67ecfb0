namespace TaskRunner.Api.Hosting;

/// <summary>Thrown while reading a request body past its limit; deliberately not an IOException, which endpoint binding would swallow.</summary>
public sealed class RequestBodyTooLargeException(long limit) : InvalidOperationException($"The request body is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}
