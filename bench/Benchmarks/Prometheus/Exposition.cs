using System.Globalization;

namespace Benchmarks.Prometheus;

/// <summary>Reads figures out of a service's Prometheus text exposition (its <c>/metrics</c>).</summary>
internal static class Exposition
{
    /// <summary>
    /// Sums every sample of a metric family, or only those carrying <paramref name="label"/> (a <c>name="value"</c>
    /// pair, wherever it sits among the labels: the official exporter puts <c>otel_scope_name</c> first).
    /// </summary>
    public static double Sum(string exposition, string name, string? label = null)
    {
        double sum = 0;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is '{' or ' '
                && (label is null || line.Contains(label, StringComparison.Ordinal)))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }
}
