using System.Globalization;

namespace AppHost.Dashboard.Api;

/// <summary>Parses optional query parameters strictly, so that a bad value is a 400 naming it rather than ignored.</summary>
internal static class QueryParameters
{
    /// <summary>An integer in [<paramref name="min"/>, ∞) clamped to <paramref name="max"/>; <paramref name="fallback"/> when absent.</summary>
    public static bool TryInt(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min)
        {
            return false;
        }

        value = Math.Min(parsed, max);
        return true;
    }

    /// <summary>A non-negative long, or null when absent.</summary>
    public static bool TryLong(string? text, out long? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>true/false/1/0, false when absent.</summary>
    public static bool TryBool(string? text, out bool value)
    {
        value = text is "1" || string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
        return string.IsNullOrEmpty(text) || value || text is "0" || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Null for a missing or blank text filter.</summary>
    public static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Whether <paramref name="id"/> is 1 to 32 hex digits (a trace or span id).</summary>
    public static bool IsHexId(string id) => id.Length is > 0 and <= 32 && id.All(char.IsAsciiHexDigit);
}
