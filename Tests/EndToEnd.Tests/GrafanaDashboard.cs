using System.Text.Json;
using System.Text.RegularExpressions;
using TestSupport.Processes;

namespace EndToEnd.Tests;

/// <summary>deploy/grafana/dashboard.json: its PromQL expressions and the metric names they read.</summary>
internal static partial class GrafanaDashboard
{
    public static readonly string Path = System.IO.Path.Combine(RepositoryLayout.RepoRoot, "deploy", "grafana", "dashboard.json");

    /// <summary>Every <c>expr</c> of every panel target.</summary>
    public static IReadOnlyList<string> Expressions()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path));
        return [.. doc.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)];
    }

    /// <summary>The metric names an expression reads (label matchers, grouping clauses and label names removed).</summary>
    public static IEnumerable<string> MetricNames(string expr)
    {
        var stripped = Grouping().Replace(Matchers().Replace(expr, string.Empty), string.Empty);
        return Names().Matches(stripped).Select(m => m.Value).Distinct();
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\b(by|without|ignoring|on|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\b(gen_ai|inference|telemetry)_[a-z0-9_]+\b")]
    private static partial Regex Names();
}
