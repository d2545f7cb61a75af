using System.Text.Json;
using ServiceDefaults.Events;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// Turns one raw queue entry into an event the windows can count, or into a dead-letter reason with a detail naming
/// the field. Bounds are generous (a day of latency, ten million tokens) so only values no request can produce fail.
/// </summary>
internal sealed class EventValidator(AggregatorOptions options)
{
    private const double MaxMilliseconds = 86_400_000;
    private const int MaxTokens = 10_000_000;
    private const double MaxCostUsd = 10_000;
    private const int MaxLabelLength = 128;

    /// <summary>Parses and checks <paramref name="raw"/> as of <paramref name="nowUnixMs"/>.</summary>
    public ValidationResult Validate(ReadOnlySpan<byte> raw, long nowUnixMs)
    {
        TelemetryEvent? parsed = RequestEventReader.TryRead(raw);
        try
        {
            parsed ??= JsonSerializer.Deserialize(raw, TelemetryEventJsonContext.Default.TelemetryEvent);
        }
        catch (JsonException e) when (e.Message.Contains("type discriminator", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Dead(DeadLetterReason.UnknownType, e.Message);
        }
        catch (JsonException e)
        {
            return ValidationResult.Dead(e.Message.Contains("required", StringComparison.OrdinalIgnoreCase) ? DeadLetterReason.MissingField : DeadLetterReason.MalformedJson, e.Message);
        }
        catch (NotSupportedException e)
        {
            return ValidationResult.Dead(DeadLetterReason.UnknownType, e.Message);
        }

        if (parsed is null)
        {
            return ValidationResult.Dead(DeadLetterReason.MalformedJson, "The entry is JSON null.");
        }

        if (string.IsNullOrWhiteSpace(parsed.EventId) || parsed.EventId.Length > MaxLabelLength)
        {
            return ValidationResult.Dead(DeadLetterReason.MissingField, "event_id is empty or longer than 128 characters.");
        }

        if (parsed.TimestampUnixMs > nowUnixMs + (long)options.MaxClockSkew.TotalMilliseconds)
        {
            return ValidationResult.Dead(DeadLetterReason.FutureTimestamp, $"timestamp_unix_ms {parsed.TimestampUnixMs} is ahead of the aggregator's clock ({nowUnixMs}).");
        }

        if (parsed.TimestampUnixMs < nowUnixMs - (long)options.DedupeHorizon.TotalMilliseconds)
        {
            return ValidationResult.Dead(DeadLetterReason.Stale, $"timestamp_unix_ms {parsed.TimestampUnixMs} is older than the dedupe horizon ({options.DedupeHorizon}).");
        }

        var problem = parsed switch
        {
            RequestCompleted request => Check(request),
            FeedbackReceived feedback => feedback.Score is not (1 or -1) ? (DeadLetterReason.AbsurdValue, "score must be 1 or -1.")
                : feedback.Model is { Length: > MaxLabelLength } ? (DeadLetterReason.AbsurdValue, "model is longer than 128 characters.")
                : null,
            _ => (DeadLetterReason.UnknownType, parsed.GetType().Name),
        };
        return problem is { } p ? ValidationResult.Dead(p.Reason, p.Detail) : ValidationResult.Valid(parsed);
    }

    private static (string Reason, string Detail)? Check(RequestCompleted e)
    {
        if ((Label(e.Model, "model") ?? Label(e.Route, "route") ?? Label(e.Outcome, "outcome")) is { } missing)
        {
            return (DeadLetterReason.MissingField, missing);
        }

        if (e.Outcome is not ("success" or "error" or "cancelled"))
        {
            return (DeadLetterReason.AbsurdValue, "outcome must be success, error or cancelled.");
        }

        if (e.Tenant is { Length: > MaxLabelLength } || e.ErrorType is { Length: > MaxLabelLength })
        {
            return (DeadLetterReason.AbsurdValue, "tenant or error_type is longer than 128 characters.");
        }

        return Duration(e.LatencyMs, "latency_ms") ?? Duration(e.TtftMs, "ttft_ms") ?? Duration(e.TpotMs, "tpot_ms")
            ?? Duration(e.QueueWaitMs, "queue_wait_ms") ?? Tokens(e.InputTokens, "input_tokens") ?? Tokens(e.OutputTokens, "output_tokens")
            ?? (double.IsFinite(e.CostUsd) && e.CostUsd is >= 0 and <= MaxCostUsd ? null : (DeadLetterReason.AbsurdValue, $"cost_usd {e.CostUsd} is outside [0, {MaxCostUsd}]."));
    }

    private static string? Label(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? $"{name} is missing or empty." : value.Length > MaxLabelLength ? $"{name} is longer than 128 characters." : null;

    private static (string, string)? Duration(double? value, string name) =>
        value is not { } v || (double.IsFinite(v) && v is >= 0 and <= MaxMilliseconds)
            ? null
            : (DeadLetterReason.AbsurdValue, $"{name} {v} is outside [0, {MaxMilliseconds}] ms.");

    private static (string, string)? Tokens(int value, string name) =>
        value is >= 0 and <= MaxTokens ? null : (DeadLetterReason.AbsurdValue, $"{name} {value} is outside [0, {MaxTokens}].");
}

/// <summary>A valid event, or the reason it is not one.</summary>
internal readonly record struct ValidationResult(TelemetryEvent? Event, string? Reason, string? Detail)
{
    public static ValidationResult Valid(TelemetryEvent e) => new(e, null, null);

    public static ValidationResult Dead(string reason, string detail) => new(null, reason, detail);
}
