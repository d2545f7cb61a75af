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

    /// <summary>Cost in billionths of a US dollar (a tiny model's request can cost well under a micro-dollar).</summary>
    public const string CostNanoUsd = "cost_n";

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

    /// <summary>Answers that were refusals.</summary>
    public const string Refusals = "refusal";

    /// <summary>Sum of admission-queue waits in microseconds (with <see cref="QueueWaitCount"/>, the mean wait).</summary>
    public const string QueueWaitMicros = "qw_us";

    /// <summary>Requests that reported a queue wait.</summary>
    public const string QueueWaitCount = "qw_n";

    /// <summary>Prefix of the input-token distribution: <c>in:n</c> counts requests with at most n (a power of two) tokens.</summary>
    public const string InputTokensRange = "in";

    /// <summary>Prefix of the output-token distribution (same buckets).</summary>
    public const string OutputTokensRange = "out";

    /// <summary>Prefix of the temperature usage counters (<c>temp:unset</c>, <c>temp:0</c>, <c>temp:0-0.5</c>, <c>temp:0.5-1</c>, <c>temp:1-2</c>).</summary>
    public const string TemperatureRange = "temp";

    /// <summary>Prefix of the top-p usage counters (<c>top_p:unset</c>, <c>top_p:&lt;0.5</c>, <c>top_p:0.5-0.9</c>, <c>top_p:0.9-1</c>).</summary>
    public const string TopPRange = "top_p";

    /// <summary>Requests that set top-k.</summary>
    public const string TopKSet = "top_k:set";

    /// <summary>Requests that did not set top-k.</summary>
    public const string TopKUnset = "top_k:unset";

    /// <summary>The series a request event counts in (see <see cref="SeriesNames"/>).</summary>
    public static IEnumerable<string> Dimensions(RequestCompleted e) => SeriesNames.Of(e);

    /// <summary>The field increments of one request event (the same in every dimension).</summary>
    public static List<KeyValuePair<string, long>> Increments(RequestCompleted e, LogarithmicMapping mapping)
    {
        var fields = new List<KeyValuePair<string, long>>(12);
        AppendIncrements(e, mapping, FieldNames.Shared, fields);
        return fields;
    }

    /// <summary>Appends the field increments of one request event to <paramref name="fields"/>, with cached field names.</summary>
    public static void AppendIncrements(RequestCompleted e, LogarithmicMapping mapping, FieldNames names, List<KeyValuePair<string, long>> fields)
    {
        fields.Add(new(Requests, 1));
        if (e.Outcome == "error")
        {
            fields.Add(new(Errors, 1));
            fields.Add(new(names.Error(e.ErrorType ?? "_OTHER"), 1));
        }

        Add(fields, InputTokens, e.InputTokens);
        Add(fields, OutputTokens, e.OutputTokens);
        Add(fields, CostNanoUsd, (long)Math.Round(e.CostUsd * 1_000_000_000));
        fields.Add(new(names.Range(InputTokensRange, PowerOfTwoCeiling(e.InputTokens)), 1));
        fields.Add(new(names.Range(OutputTokensRange, PowerOfTwoCeiling(e.OutputTokens)), 1));
        fields.Add(new(TemperatureField(e.Temperature), 1));
        fields.Add(new(TopPField(e.TopP), 1));
        fields.Add(new(e.TopK is null ? TopKUnset : TopKSet, 1));
        if (e.Refusal)
        {
            fields.Add(new(Refusals, 1));
        }

        if (e.QueueWaitMs is { } wait)
        {
            fields.Add(new(QueueWaitMicros, (long)Math.Round(wait * 1000)));
            fields.Add(new(QueueWaitCount, 1));
        }

        AddSketch(fields, names, Latency, e.LatencyMs, mapping);
        AddSketch(fields, names, Ttft, e.TtftMs, mapping);
        AddSketch(fields, names, Tpot, e.TpotMs, mapping);
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

    /// <summary>The smallest power of two at or above <paramref name="count"/> (0 for 0).</summary>
    public static int PowerOfTwoCeiling(int count) => count <= 0 ? 0 : (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count));

    private static string TemperatureField(double? t) => t switch
    {
        null => "temp:unset",
        <= 0 => "temp:0",
        <= 0.5 => "temp:0-0.5",
        <= 1 => "temp:0.5-1",
        _ => "temp:1-2",
    };

    private static string TopPField(double? p) => p switch
    {
        null => "top_p:unset",
        < 0.5 => "top_p:<0.5",
        < 0.9 => "top_p:0.5-0.9",
        _ => "top_p:0.9-1",
    };

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

    private static void AddSketch(List<KeyValuePair<string, long>> fields, FieldNames names, string prefix, double? value, LogarithmicMapping mapping)
    {
        if (value is { } v && double.IsFinite(v) && v >= 0)
        {
            fields.Add(new(v <= LogarithmicMapping.MinIndexableValue ? names.Sketch(prefix, null) : names.Sketch(prefix, mapping.Index(v)), 1));
        }
    }
}
