using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Api.Problems;
using TaskRunner.Generation.Chat;

namespace TaskRunner.Api.Chat;

/// <summary>Checks a chat request and names the field at fault; a valid one becomes a <see cref="ChatQuery"/>.</summary>
public static class ChatRequestValidator
{
    public const int MaxQuestionLength = 2_000;
    public const int MaxHistoryTurns = 20;
    public const int MaxHistoryCharacters = 20_000;
    public const int MaxTopK = 20;
    public const int DefaultTopK = 5;
    public const int MaxDocuments = 100;

    public static (ChatQuery? Query, ProblemHttpResult? Problem) Check(ChatRequest? request, string tenantId)
    {
        if (request is null)
        {
            return Fail("body_missing", "body", "Send a JSON body such as {\"question\":\"What is photosynthesis?\"}.");
        }

        if (string.IsNullOrWhiteSpace(request.Question))
        {
            return Fail("question_missing", "question", "question is required and must not be empty.");
        }

        if (request.Question.Length > MaxQuestionLength)
        {
            return Fail("question_too_long", "question", $"question may have at most {MaxQuestionLength} characters; it has {request.Question.Length}.");
        }

        var topK = request.TopK ?? DefaultTopK;
        if (topK is < 1 or > MaxTopK)
        {
            return Fail("invalid_top_k", "topK", $"topK must be from 1 to {MaxTopK}; got {topK}.");
        }

        if (!ChatLanguages.IsKnown(request.Language))
        {
            return Fail("unknown_language", "language", $"language must be one of {string.Join(", ", ChatLanguages.Names.Keys)}; got '{request.Language}'.");
        }

        if (request.DocumentIds is { Count: > MaxDocuments })
        {
            return Fail("too_many_documents", "documentIds", $"documentIds may name at most {MaxDocuments} documents; it names {request.DocumentIds.Count}.");
        }

        var history = request.History ?? [];
        if (history.Count > MaxHistoryTurns)
        {
            return Fail("history_too_long", "history", $"history may hold at most {MaxHistoryTurns} turns; it holds {history.Count}.");
        }

        var turns = new List<ChatTurn>(history.Count);
        for (var i = 0; i < history.Count; i++)
        {
            var turn = history[i];
            if (turn?.Role is not ("user" or "assistant"))
            {
                return Fail("invalid_history_role", $"history[{i}].role", $"history[{i}].role must be user or assistant.");
            }

            if (string.IsNullOrWhiteSpace(turn.Content))
            {
                return Fail("history_content_missing", $"history[{i}].content", $"history[{i}].content is required and must not be empty.");
            }

            turns.Add(new ChatTurn(turn.Role, turn.Content));
        }

        var characters = turns.Sum(t => (long)t.Content.Length);
        if (characters > MaxHistoryCharacters)
        {
            return Fail("history_too_long", "history", $"history may hold at most {MaxHistoryCharacters} characters in all; it holds {characters}.");
        }

        var language = request.Language?.ToLowerInvariant() ?? ChatLanguages.Auto;
        var documents = request.DocumentIds is { Count: > 0 } ids ? ids.Distinct().ToList() : null;
        return (new ChatQuery(tenantId, request.Question, documents, turns, topK, language), null);
    }

    private static (ChatQuery?, ProblemHttpResult?) Fail(string code, string field, string detail) => (null, ApiProblem.InvalidField(code, field, detail));
}
