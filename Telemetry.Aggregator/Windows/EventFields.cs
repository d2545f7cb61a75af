using System.Globalization;
using ServiceDefaults.Events;
using Telemetry.Aggregator.Sketches;
using Telemetry.Aggregator.Storage;

namespace Telemetry.Aggregator.Windows;

/// <summary>
/// How one event becomes integer increments of hash fields in its time bucket, per dimension
/// (see <see cref="SeriesNames"/>). Integers only, so HINCRBY keeps sums exact and
/// replicas agree: cost is counted in micro-dollars, latencies as sketch bucket counts.
/// </summary>
internal static class EventFields
{
    /// <summary>Requests (every completed request, failed ones too).</summary>
    public const string Requests = "req";

    /// <summary>Failed requests; <c>err:{type}</c> counts them by error type.</summary>
    public const string Errors = "err";

    /// <summary>Input tokens.</summary>
    public const string InputTokens = "tin";

    /// <summary>Output tokens.</summary>
    public const string OutputTokens = "tout";

    /// <summary>Cost in millionths of a US dollar.</summary>
    public const string CostMicroUsd = "cost";

    /// <summary>Feedback: positive and negative scores, and feedback on unknown requests.</summary>
    public const string FeedbackUp = "fb+";

    /// <summary>Negative feedback.</summary>
    public const string FeedbackDown = "fb-";

    /// <summary>Feedback whose request id was unknown.</summary>
    public const string FeedbackUnknown = "fb?";

    /// <summary>Sketch field prefixes: latency, time to first token, time per output token (all in ms).</summary>
    public const string Latency = "lat";

    /// <summary>Time to first token sketch prefix.</summary>
    public const string Ttft = "ttft";

    /// <summary>Time per output token sketch prefix.</summary>
    public const string Tpot = "tpot";

    /// <summary>Suffix of a sketch's zero bucket.</summary>
    public const string ZeroBucket = "z";

    /// <summary>The series a request event counts in (see <see cref="SeriesNames"/>).</summary>
    public static IEnumerable<string> Dimensions(RequestCompleted e)
    {
        yield return SeriesNames.All;
        yield return SeriesNames.ModelPrefix + e.Model;
        yield return SeriesNames.RoutePrefix + e.Route;
        yield return SeriesNames.ModelRoutePrefix + e.Model + "|" + e.Route;
        if (e.Tenant is { Length: > 0 } tenant)
        {
            yield return SeriesNames.TenantPrefix + tenant;
        }
    }

    /// <summary>The field increments of one request event (the same in every dimension).</summary>
    public static List<KeyValuePair<string, long>> Increments(RequestCompleted e, LogarithmicMapping mapping)
    {
        var fields = new List<KeyValuePair<string, long>>(12) { new(Requests, 1) };
        if (e.Outcome == "error")
        {
            fields.Add(new(Errors, 1));
            fields.Add(new(Errors + ":" + (e.ErrorType ?? "_OTHER"), 1));
        }

        Add(fields, InputTokens, e.InputTokens);
        Add(fields, OutputTokens, e.OutputTokens);
        Add(fields, CostMicroUsd, (long)Math.Round(e.CostUsd * 1_000_000));
        AddSketch(fields, Latency, e.LatencyMs, mapping);
        AddSketch(fields, Ttft, e.TtftMs, mapping);
        AddSketch(fields, Tpot, e.TpotMs, mapping);
        return fields;
    }

    /// <summary>The field increments of one feedback event (counted in the <c>all</c> series).</summary>
    public static List<KeyValuePair<string, long>> Increments(FeedbackReceived e)
    {
        var fields = new List<KeyValuePair<string, long>>(2) { new(e.Score > 0 ? FeedbackUp : FeedbackDown, 1) };
        if (e.UnknownRequest)
        {
            fields.Add(new(FeedbackUnknown, 1));
        }

        return fields;
    }

    /// <summary>The sketch field of a value: <c>prefix:index</c>, or <c>prefix:z</c> for (near) zero.</summary>
    public static string SketchField(string prefix, double value, LogarithmicMapping mapping) =>
        value <= LogarithmicMapping.MinIndexableValue
            ? prefix + ":" + ZeroBucket
            : prefix + ":" + mapping.Index(value).ToString(CultureInfo.InvariantCulture);

    private static void Add(List<KeyValuePair<string, long>> fields, string name, long value)
    {
        if (value != 0)
        {
            fields.Add(new(name, value));
        }
    }

    private static void AddSketch(List<KeyValuePair<string, long>> fields, string prefix, double? value, LogarithmicMapping mapping)
    {
        if (value is { } v && double.IsFinite(v) && v >= 0)
        {
            fields.Add(new(SketchField(prefix, v, mapping), 1));
        }
    }
}
