using System.Text;
using System.Text.Json;

namespace TaskRunner.Generation.Exercises;

/// <summary>
/// Finds exercise objects in an LLM reply as it streams: feed text deltas in order and each object of the
/// exercises array is returned as soon as its closing brace arrives. It tracks JSON strings, escapes and
/// nesting itself, so prose, code fences and braces inside strings do not confuse it. The array is the value of
/// an "exercises" (or "questions"/"items") key at any depth, or a bare top-level array. Bad items are reported
/// as <see cref="ExerciseParseItem"/>s with an error, never thrown. Not thread-safe: one parser per reply.
/// </summary>
public sealed class ExerciseStreamParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly string[] ArrayKeys = ["exercises", "questions", "items", "exercise", "题目", "练习"];

    private readonly List<char> _stack = [];
    private readonly StringBuilder _key = new();
    private StringBuilder? _item;
    private bool _inString;
    private bool _escape;
    private bool _capturingKey;
    private string? _lastString;
    private string? _pendingKey;
    private int _arrayDepth = -1;
    private int _nextIndex;

    /// <summary>True once an exercises array has been seen (even an empty one).</summary>
    public bool FoundArray { get; private set; }

    /// <summary>Feeds the next piece of the reply; returns the items completed by it, in order (often none).</summary>
    public IReadOnlyList<ExerciseParseItem> Feed(string delta)
    {
        List<ExerciseParseItem>? completed = null;
        foreach (var c in delta)
        {
            if (Step(c) is { } item)
            {
                (completed ??= []).Add(item);
            }
        }
        return completed ?? (IReadOnlyList<ExerciseParseItem>)[];
    }

    /// <summary>Call at the end of the reply: reports an item that never closed (a reply cut short).</summary>
    public IReadOnlyList<ExerciseParseItem> Complete()
    {
        if (_item is null)
        {
            return [];
        }
        var raw = _item.ToString();
        _item = null;
        return [new ExerciseParseItem(_nextIndex++, null, raw, "the item is incomplete: the reply ended inside it")];
    }

    /// <summary>
    /// Parses a whole reply: code fences, leading prose, trailing commas, a bare array, or a single exercise object.
    /// </summary>
    public static IReadOnlyList<ExerciseParseItem> ParseFinal(string text)
    {
        var parser = new ExerciseStreamParser();
        var items = parser.Feed(text).Concat(parser.Complete()).ToList();
        if (parser.FoundArray || items.Count > 0)
        {
            return items;
        }
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return [new ExerciseParseItem(0, null, text, "no JSON object or array found in the reply")];
        }
        return [ParseItem(0, text[start..(end + 1)])];
    }

    private ExerciseParseItem? Step(char c)
    {
        _item?.Append(c);
        if (_inString)
        {
            StepInString(c);
            return null;
        }
        switch (c)
        {
            case '"':
                _inString = true;
                _capturingKey = _item is null && _arrayDepth < 0 && _stack.Count > 0 && _stack[^1] == '{';
                _key.Clear();
                _pendingKey = null;
                break;
            case ':':
                _pendingKey = _lastString;
                break;
            case '{':
                if (_item is null && _arrayDepth > 0 && _stack.Count == _arrayDepth)
                {
                    _item = new StringBuilder("{");
                }
                _stack.Add('{');
                _pendingKey = null;
                break;
            case '[':
                if (_arrayDepth < 0 && (_stack.Count == 0 || (_stack[^1] == '{' && IsArrayKey(_pendingKey))))
                {
                    _arrayDepth = _stack.Count + 1;
                    FoundArray = true;
                }
                _stack.Add('[');
                _pendingKey = null;
                break;
            case '}' or ']':
                return Close(c);
            case ',':
                _pendingKey = null;
                break;
        }
        return null;
    }

    private void StepInString(char c)
    {
        if (_escape)
        {
            _escape = false;
        }
        else if (c == '\\')
        {
            _escape = true;
        }
        else if (c == '"')
        {
            _inString = false;
            if (_capturingKey)
            {
                _lastString = _key.ToString();
                _capturingKey = false;
            }
            return;
        }
        if (_capturingKey && _key.Length < 64)
        {
            _key.Append(c);
        }
    }

    private ExerciseParseItem? Close(char c)
    {
        if (_stack.Count == 0)
        {
            return null; // stray bracket in prose
        }
        _stack.RemoveAt(_stack.Count - 1);
        ExerciseParseItem? completed = null;
        if (c == '}' && _item is not null && _stack.Count == _arrayDepth)
        {
            completed = ParseItem(_nextIndex++, _item.ToString());
            _item = null;
        }
        if (_arrayDepth > 0 && _stack.Count < _arrayDepth)
        {
            _arrayDepth = -1;
            _item = null;
        }
        if (_stack.Count == 0)
        {
            _lastString = null;
        }
        _pendingKey = null;
        return completed;
    }

    private static bool IsArrayKey(string? key) =>
        key is not null && ArrayKeys.Any(k => string.Equals(k, key.Trim(), StringComparison.OrdinalIgnoreCase));

    private static ExerciseParseItem ParseItem(int index, string raw)
    {
        try
        {
            using var doc = JsonDocument.Parse(raw, DocumentOptions);
            var (exercise, error) = ExerciseElementReader.Read(doc.RootElement);
            return new ExerciseParseItem(index, exercise, raw, error);
        }
        catch (JsonException ex)
        {
            return new ExerciseParseItem(index, null, raw, $"invalid JSON: {ex.Message}");
        }
    }
}
