namespace ServiceDefaults.Prometheus;

/// <summary>
/// OpenTelemetry names to Prometheus names (OTel's Prometheus compatibility spec): invalid characters become '_',
/// the unit becomes a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>, annotations in braces are dropped),
/// monotonic sums get <c>_total</c>.
/// </summary>
internal static class PrometheusNames
{
    public static string Metric(string name, string? unit, bool counter)
    {
        var result = Sanitize(name, allowColon: true);
        var suffix = UnitSuffix(unit);
        if (suffix.Length > 0 && !result.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            result += "_" + suffix;
        }

        return counter && !result.EndsWith("_total", StringComparison.Ordinal) ? result + "_total" : result;
    }

    public static string Label(string name)
    {
        var result = Sanitize(name, allowColon: false);
        // Names starting with "__" are reserved for Prometheus itself.
        return result.StartsWith("__", StringComparison.Ordinal) ? "key" + result : result;
    }

    /// <summary>The Prometheus unit word for an OTel unit (<c>s</c> → <c>seconds</c>); empty when there is none.</summary>
    public static string UnitSuffix(string? unit)
    {
        if (string.IsNullOrEmpty(unit) || unit.StartsWith('{'))
        {
            return string.Empty;
        }

        return unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "us" => "microseconds",
            "ns" => "nanoseconds",
            "By" => "bytes",
            "KiBy" => "kibibytes",
            "MiBy" => "mebibytes",
            "1" => "ratio",
            "%" => "percent",
            _ => Sanitize(unit.Replace("/", "_per_", StringComparison.Ordinal), allowColon: false).Trim('_'),
        };
    }

    private static string Sanitize(string name, bool allowColon)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var valid = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            chars[i] = valid ? c : '_';
        }

        var result = new string(chars);
        while (result.Contains("__", StringComparison.Ordinal) && !name.StartsWith("__", StringComparison.Ordinal))
        {
            result = result.Replace("__", "_", StringComparison.Ordinal);
        }

        return result.Length == 0 ? "_" : result;
    }
}
