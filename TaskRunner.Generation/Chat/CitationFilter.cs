using System.Text.RegularExpressions;

namespace TaskRunner.Generation.Chat;

/// <summary>
/// Checks the <c>[n]</c> markers of an answer against the passages it was given: a marker naming a listed passage
/// stays (and becomes a citation, once, in order of first use); any other is removed with the space before it.
/// "[1, 3]" and "[1][3]" both count as markers for 1 and 3.
/// </summary>
public static partial class CitationFilter
{
    public static (string Answer, IReadOnlyList<int> Cited) Apply(string answer, int passageCount)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var cited = new List<int>();
        var cleaned = MarkerPattern().Replace(answer, match =>
        {
            var kept = match.Groups["numbers"].Value
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => int.TryParse(n, out var v) ? v : 0)
                .Where(n => n >= 1 && n <= passageCount)
                .Distinct()
                .ToList();
            foreach (var n in kept.Where(n => !cited.Contains(n)))
            {
                cited.Add(n);
            }

            return kept.Count == 0 ? "" : match.Groups["space"].Value + string.Concat(kept.Select(n => $"[{n}]"));
        });
        return (cleaned, cited);
    }

    [GeneratedRegex(@"(?<space>[ \t]?)\[(?<numbers>\d{1,4}(?:\s*,\s*\d{1,4})*)\]")]
    private static partial Regex MarkerPattern();
}
