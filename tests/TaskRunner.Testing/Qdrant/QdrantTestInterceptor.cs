using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TaskRunner.Testing.Qdrant;

/// <summary>
/// Runs before every call of the double: records it, checks the api key as a secured Qdrant does, then plays any
/// injected failure (e.g. Unavailable twice, then success) before the real handler runs.
/// </summary>
internal sealed class QdrantTestInterceptor(QdrantTestState state) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var apiKey = context.RequestHeaders.GetValue("api-key");
        state.Requests.Enqueue(new QdrantReceivedRequest(context.Method, apiKey, (IMessage)request));

        if (state.ApiKey is not null && apiKey is null)
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Must provide an API key or an Authorization bearer token"));
        if (state.ApiKey is not null && apiKey != state.ApiKey)
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Invalid API key or JWT"));
        if (state.Failures.TryDequeue(out var failure)) throw new RpcException(failure);

        return continuation(request, context);
    }
}
