namespace TaskRunner.Ingestion.Parsing;

/// <summary>Tracks the open headings so each block can carry its path, e.g. "Chapter 1 / Photosynthesis".</summary>
internal sealed class HeadingPath
{
    private readonly List<(int Level, string Title)> _open = [];

    public string? Current { get; private set; }

    public void Enter(int level, string title)
    {
        title = InlineWhitespace.Collapse(title).Trim();
        _open.RemoveAll(h => h.Level >= level);
        if (title.Length > 0)
        {
            _open.Add((level, title));
        }

        Current = _open.Count == 0 ? null : string.Join(" / ", _open.Select(h => h.Title));
    }
}
