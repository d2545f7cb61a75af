using System.Globalization;
using System.Text.RegularExpressions;

namespace ServiceDefaults.Tests.Observability;

/// <summary>
/// A strict check of an OpenMetrics 1.0 text exposition against the spec's rules that promtool (which reads the 0.0.4
/// parser) does not check: <c># EOF</c> last, no blank lines, metadata before samples and once per family, families
/// not interleaved, sample names that fit the family type, label escaping, <c># UNIT</c> a suffix of the name,
/// histogram buckets ascending and cumulative with a +Inf bucket equal to _count, and exemplars (only on
/// counter totals and buckets, label set ≤ 128 code points, value inside its bucket).
/// </summary>
internal static partial class OpenMetricsChecker
{
    private static readonly string[] s_types = ["counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary", "unknown"];

    /// <summary>Every rule broken, as "line N: why"; empty when the text is valid.</summary>
    public static List<string> Problems(string text)
    {
        var problems = new List<string>();
        if (!text.EndsWith("# EOF\n", StringComparison.Ordinal) && !text.EndsWith("# EOF", StringComparison.Ordinal))
        {
            problems.Add("the exposition does not end with # EOF");
        }

        var lines = text.TrimEnd('\n').Split('\n');
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? family = null, type = null;
        var samplesStarted = false;
        var metadata = new HashSet<string>(StringComparer.Ordinal);
        var lastLe = double.NegativeInfinity;
        double lastBucket = 0;
        string? series = null;
        var infCounts = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1}: ";
            if (i == lines.Length - 1 && line == "# EOF")
            {
                break;
            }

            if (line.Length == 0)
            {
                problems.Add(where + "blank line");
                continue;
            }

            if (line.StartsWith('#'))
            {
                var meta = MetadataLine().Match(line);
                if (!meta.Success)
                {
                    problems.Add(where + "unknown comment: " + line);
                    continue;
                }

                var (kind, name, rest) = (meta.Groups[1].Value, meta.Groups[2].Value, meta.Groups[3].Value);
                if (name != family)
                {
                    if (!seen.Add(name))
                    {
                        problems.Add(where + $"family {name} is interleaved or repeated");
                    }

                    (family, type, samplesStarted, series) = (name, "unknown", false, null);
                    infCounts.Clear();
                    metadata.Clear();
                }

                if (samplesStarted || !metadata.Add(kind))
                {
                    problems.Add(where + $"{kind} after samples or repeated for {name}");
                }

                if (kind == "TYPE")
                {
                    type = Array.IndexOf(s_types, rest) >= 0 ? rest : null;
                    if (type is null)
                    {
                        problems.Add(where + "unknown type " + rest);
                    }
                }
                else if (kind == "UNIT" && !name.EndsWith("_" + rest, StringComparison.Ordinal))
                {
                    problems.Add(where + $"unit {rest} is not a suffix of {name}");
                }
                else if (kind == "HELP" && UnescapedQuoteOrBackslash().IsMatch(rest))
                {
                    problems.Add(where + "bad escape in HELP");
                }

                continue;
            }

            var sample = SampleLine().Match(line);
            if (!sample.Success)
            {
                problems.Add(where + "not a valid sample line: " + line);
                continue;
            }

            samplesStarted = true;
            var sampleName = sample.Groups["name"].Value;
            var suffix = family is not null && sampleName.StartsWith(family, StringComparison.Ordinal) ? sampleName[family.Length..] : null;
            string[] allowed = type switch
            {
                "counter" => ["_total", "_created"],
                "histogram" => ["_bucket", "_sum", "_count", "_created"],
                _ => [""],
            };
            if (suffix is null || Array.IndexOf(allowed, suffix) < 0)
            {
                problems.Add(where + $"sample {sampleName} does not belong to {type} family {family}");
                continue;
            }

            var value = ParseFloat(sample.Groups["value"].Value);
            var labels = sample.Groups["labels"].Value;
            var le = LeLabel().Match(labels);
            var seriesKey = LeLabel().Replace(labels, string.Empty);
            if (suffix == "_bucket")
            {
                if (seriesKey != series)
                {
                    (series, lastLe, lastBucket) = (seriesKey, double.NegativeInfinity, 0);
                }

                var bound = le.Success ? ParseFloat(le.Groups[1].Value) : double.NaN;
                if (double.IsNaN(bound))
                {
                    problems.Add(where + "bucket without a numeric le");
                }

                if (bound <= lastLe || value < lastBucket)
                {
                    problems.Add(where + "buckets are not ascending in le or not cumulative");
                }

                (lastLe, lastBucket) = (bound, value);
                if (double.IsPositiveInfinity(bound))
                {
                    infCounts[seriesKey] = value;
                }
            }
            else if (suffix == "_count" && type == "histogram" && (!infCounts.TryGetValue(seriesKey, out var inf) || value != inf))
            {
                problems.Add(where + "histogram _count differs from its +Inf bucket (or +Inf bucket missing)");
            }

            if (sample.Groups["exemplar"].Success)
            {
                CheckExemplar(sample, suffix, le, problems, where);
            }
        }

        return problems;
    }

    private static void CheckExemplar(Match sample, string suffix, Match le, List<string> problems, string where)
    {
        if (suffix is not "_total" and not "_bucket")
        {
            problems.Add(where + "exemplar on a sample that cannot carry one");
        }

        var labelSet = sample.Groups["exlabels"].Value;
        var codePoints = 0;
        foreach (Match pair in LabelPair().Matches(labelSet))
        {
            codePoints += pair.Groups[1].Value.EnumerateRunes().Count() + pair.Groups[2].Value.EnumerateRunes().Count();
        }

        if (codePoints > 128)
        {
            problems.Add(where + $"exemplar label set has {codePoints} code points (> 128)");
        }

        var exemplarValue = ParseFloat(sample.Groups["exvalue"].Value);
        if (le.Success && exemplarValue > ParseFloat(le.Groups[1].Value))
        {
            problems.Add(where + "exemplar value lies above its bucket");
        }
    }

    private static double ParseFloat(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("^# (HELP|TYPE|UNIT) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$")]
    private static partial Regex MetadataLine();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\n"])*",?)*)\})? (?<value>[-+]?(?:[0-9.eE+-]+|Inf|NaN))(?: [-+]?[0-9.eE+-]+)?(?<exemplar> # \{(?<exlabels>(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\n"])*",?)*)\} (?<exvalue>[-+]?(?:[0-9.eE+-]+|Inf|NaN))(?: [0-9.eE+-]+)?)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("(?:^|,)le=\"([^\"]*)\"")]
    private static partial Regex LeLabel();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    [GeneratedRegex("""(?<!\\)(?:\\\\)*(?:"|\\[^\\n"])""")]
    private static partial Regex UnescapedQuoteOrBackslash();
}
