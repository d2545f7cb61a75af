using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ServiceDefaults.Prometheus;

/// <summary>
/// Picks the exposition format from a scrape's Accept header: OpenMetrics 1.0.0 when
/// <c>application/openmetrics-text</c> (no version, or version 1.0.0) is acceptable with a q-value at least that of
/// the text format (<c>text/plain</c> version 0.0.4 or none, <c>text/*</c>, <c>*/*</c>); text 0.0.4 otherwise,
/// including for a missing or unparsable header.
/// </summary>
internal static class AcceptNegotiation
{
    /// <summary>Content type of an OpenMetrics answer.</summary>
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>Content type of a text 0.0.4 answer.</summary>
    public const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static ExpositionFormat Choose(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return ExpositionFormat.Text004;
        }

        double openMetrics = 0, text = 0;
        foreach (var range in ranges)
        {
            var q = range.Quality ?? 1.0;
            var version = VersionOf(range);
            if (range.MediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
            {
                if (version is null || version == "1.0.0")
                {
                    openMetrics = Math.Max(openMetrics, q);
                }
            }
            else if (range.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
            {
                if (version is null || version == "0.0.4")
                {
                    text = Math.Max(text, q);
                }
            }
            else if (range.MatchesAllTypes || range.MediaType.Equals("text/*", StringComparison.OrdinalIgnoreCase))
            {
                text = Math.Max(text, q);
            }
        }

        return openMetrics > 0 && openMetrics >= text ? ExpositionFormat.OpenMetrics : ExpositionFormat.Text004;
    }

    private static string? VersionOf(MediaTypeHeaderValue range)
    {
        foreach (var parameter in range.Parameters)
        {
            if (parameter.Name.Equals("version", StringComparison.OrdinalIgnoreCase))
            {
                return parameter.Value.Value?.Trim('"');
            }
        }

        return null;
    }
}
