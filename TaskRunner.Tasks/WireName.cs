using System.Text.Json;

namespace TaskRunner.Tasks;

/// <summary>
/// The one spelling of a closed set's values outside the process: snake_case of the enum member (<c>FillInBlank</c> is
/// <c>fill_in_blank</c>), the same as the Api's JSON enum converter writes. Validators list the allowed values from it.
/// </summary>
public static class WireName
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Every value's wire name, in declaration order.</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of).ToList();

    /// <summary>Parses a wire name, ignoring case and surrounding spaces.</summary>
    public static bool TryParse<TEnum>(string? wire, out TEnum value)
        where TEnum : struct, Enum
    {
        var trimmed = wire?.Trim();
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(candidate), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
