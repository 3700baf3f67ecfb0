using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Api.Problems;
using TaskRunner.Tasks.Usage;

namespace TaskRunner.Api.Usage;

/// <summary>
/// The query string of <c>GET /api/v1/usage</c>: <c>from</c> and <c>to</c> as ISO 8601 dates or instants (a date alone
/// is a whole UTC day, so <c>to=2026-12-01</c> includes that day; default: the last 30 days) and <c>groupBy</c>
/// (<c>day</c>, the default, or <c>type</c>).
/// </summary>
public sealed record UsageQuery(string? From, string? To, string? GroupBy)
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public bool TryRead(DateTimeOffset now, out DateTimeOffset from, out DateTimeOffset to, out UsageGrouping grouping, out ProblemHttpResult? problem)
    {
        from = to = default;
        grouping = UsageGrouping.Day;
        problem = null;
        if (!TryParse(To, endOfDay: true, out var parsedTo) || !TryParse(From, endOfDay: false, out var parsedFrom))
        {
            problem = ApiProblem.InvalidField("invalid_date", To is not null && !TryParse(To, true, out _) ? "to" : "from",
                "from and to must be ISO 8601 dates (2026-12-01) or instants (2026-12-01T08:00:00Z).");
            return false;
        }

        to = parsedTo ?? now;
        // Clamped, so the first days a date can have are a range too rather than an overflow.
        from = parsedFrom ?? (to > DateTimeOffset.MinValue.AddDays(30) ? to.AddDays(-30) : DateTimeOffset.MinValue);
        if (from >= to || to - from > MaxRange)
        {
            problem = ApiProblem.InvalidField("invalid_range", "from", $"from must be before to, and the range at most {MaxRange.TotalDays:0} days.");
            return false;
        }

        switch (GroupBy?.ToLowerInvariant())
        {
            case null or "day":
                grouping = UsageGrouping.Day;
                return true;
            case "type":
                grouping = UsageGrouping.Type;
                return true;
            default:
                problem = ApiProblem.InvalidField("invalid_group_by", "groupBy", $"groupBy must be day or type; got '{GroupBy}'.");
                return false;
        }
    }

    private static bool TryParse(string? value, bool endOfDay, out DateTimeOffset? parsed)
    {
        parsed = null;
        if (value is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            // The end of 9999-12-31 is the last instant a date can have, not an overflow.
            parsed = !endOfDay ? start : start < DateTimeOffset.MaxValue.AddDays(-1) ? start.AddDays(1) : DateTimeOffset.MaxValue;
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            && value.Contains('T', StringComparison.Ordinal))
        {
            parsed = instant;
            return true;
        }

        return false;
    }
}
