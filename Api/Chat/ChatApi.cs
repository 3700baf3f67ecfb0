using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Generation.Chat;
using TaskRunner.Generation.Llm;
using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Api.Chat;

public static class ChatApi
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/chat").WithTags("Chat")
            .MapPost("/", ChatAsync).WithName("Chat")
            .WithSummary("Answers a question from the tenant's documents: vector, keyword and graph retrieval in parallel, optional reranking, then the LLM (or an extractive answer without one). Streams SSE (retrieval, token, done) when asked.");
        return app;
    }

    private static async Task<Results<Ok<ChatResponse>, ServerSentEventsResult<object>, ProblemHttpResult>> ChatAsync(
        ChatRequest? request, RequestTenant tenant, HttpContext http, ChatGateway gateway, DocumentStore documents, CancellationToken ct)
    {
        var (query, problem) = ChatRequestValidator.Check(request, tenant.Id);
        if (problem is not null)
        {
            return problem;
        }

        // Documents of another tenant are not found, exactly like documents that do not exist.
        foreach (var id in query!.DocumentIds ?? [])
        {
            if (await documents.GetAsync(tenant.Id, id, ct) is null)
            {
                return ApiProblem.NotFound("Document", id);
            }
        }

        var stream = request!.Stream ?? http.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);
        if (stream)
        {
            return TypedResults.ServerSentEvents(StreamAsync(gateway, query, ct));
        }

        var retrieval = await gateway.RetrieveAsync(query, ct);
        try
        {
            var answer = await gateway.AnswerAsync(query, retrieval, static (_, _) => ValueTask.CompletedTask, static (_, _) => ValueTask.CompletedTask, ct);
            return TypedResults.Ok(ChatResponse.From(answer));
        }
        catch (LlmException ex)
        {
            return ApiProblem.Create(StatusCodes.Status503ServiceUnavailable, ex.Code, "The answer could not be written", ex.PublicMessage);
        }
    }

    /// <summary>
    /// retrieval, then token events as the answer arrives (restart when an LLM attempt is retried), then done, or error.
    /// The request's token stops the LLM call when the client goes away.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(ChatGateway gateway, ChatQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        var retrieval = await gateway.RetrieveAsync(query, ct);
        yield return new SseItem<object>(ChatRetrievalEvent.From(retrieval), "retrieval");

        var events = Channel.CreateUnbounded<SseItem<object>>(new UnboundedChannelOptions { SingleReader = true });
        var answering = AnswerIntoAsync(gateway, query, retrieval, events.Writer, ct);
        try
        {
            await foreach (var item in events.Reader.ReadAllAsync(ct))
            {
                yield return item;
            }
        }
        finally
        {
            await answering;
        }
    }

    private static async Task AnswerIntoAsync(ChatGateway gateway, ChatQuery query, ChatRetrieval retrieval, ChannelWriter<SseItem<object>> events, CancellationToken ct)
    {
        try
        {
            var answer = await gateway.AnswerAsync(query, retrieval,
                (text, _) => { events.TryWrite(new SseItem<object>(new ChatTokenEvent(text), "token")); return ValueTask.CompletedTask; },
                (attempt, _) => { events.TryWrite(new SseItem<object>(new ChatRestartEvent(attempt), "restart")); return ValueTask.CompletedTask; },
                ct);
            events.TryWrite(new SseItem<object>(ChatResponse.From(answer), "done"));
        }
        catch (LlmException ex)
        {
            events.TryWrite(new SseItem<object>(new ChatErrorEvent(ex.Code, ex.PublicMessage), "error"));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; the LLM call was stopped with it.
        }
        finally
        {
            events.TryComplete();
        }
    }
}
