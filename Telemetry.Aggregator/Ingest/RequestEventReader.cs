using System.Text.Json;
using ServiceDefaults.Events;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// Reads a <c>request</c> event in the shape Inference.Api writes it (<c>"type"</c> first, snake_case names) with one
/// forward pass of <see cref="Utf8JsonReader"/>. The serializer's polymorphic contract reads a record with required
/// init-only members through its parameterized-constructor path, which buffers every value first; this is the
/// aggregator's most frequent parse, so it gets the direct one. Anything it does not recognise as a well-formed request
/// event (another type, the discriminator elsewhere, an escaped name, a value of the wrong kind, a missing required
/// member, trailing data) returns null and the caller parses the entry with the serializer, whose errors name the
/// dead-letter reason: both paths accept exactly the same events and build the same record. Label values (model,
/// route, operation, outcome, error type, finish reason, tenant) come from <see cref="LabelCache"/>: equal strings,
/// one instance per distinct value.
/// </summary>
internal static class RequestEventReader
{
    /// <summary>The request event in <paramref name="json"/>, or null when the serializer must decide.</summary>
    public static RequestCompleted? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            return Read(json);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // A value of another kind than expected (GetString on a number...).
        }
    }

    private static RequestCompleted? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
            || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped || !reader.ValueSpan.SequenceEqual("type"u8)
            || !reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !reader.ValueSpan.SequenceEqual("request"u8))
        {
            return null;
        }

        var e = new Fields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                return null;
            }

            var name = reader.ValueSpan;
            reader.Read();
            if (!e.Set(name, ref reader))
            {
                return null;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || !e.HasRequired)
        {
            return null;
        }

        return e.ToEvent();
    }

    // The members as read; strings that may be null in JSON are kept as the serializer keeps them.
    private struct Fields
    {
        private int _required;
        private string? _eventId, _requestId, _traceId, _model, _route, _operation, _outcome, _errorType, _finishReason, _tenant, _userHash, _promptPrefix;
        private long _timestamp, _started;
        private bool _stream, _refusal;
        private int _status, _inputTokens, _outputTokens, _promptChars;
        private int? _topK;
        private double _latency, _cost;
        private double? _ttft, _tpot, _queueWait, _temperature, _topP;

        private const int AllRequired = 0b111_1111;

        public readonly bool HasRequired => _required == AllRequired;

        public bool Set(ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        {
            // By length first: at most four names share one, so a name costs a few comparisons, not up to 28.
            switch (name.Length)
            {
                case 8 when name.SequenceEqual("event_id"u8): _eventId = reader.GetString(); _required |= 1; return true;
                case 17 when name.SequenceEqual("timestamp_unix_ms"u8): _required |= 2; return reader.TryGetInt64(out _timestamp);
                case 10 when name.SequenceEqual("request_id"u8): _requestId = reader.GetString(); _required |= 4; return true;
                case 5 when name.SequenceEqual("model"u8): _model = LabelCache.Shared.Get(ref reader); _required |= 8; return true;
                case 5 when name.SequenceEqual("route"u8): _route = LabelCache.Shared.Get(ref reader); _required |= 16; return true;
                case 9 when name.SequenceEqual("operation"u8): _operation = LabelCache.Shared.Get(ref reader); _required |= 32; return true;
                case 7 when name.SequenceEqual("outcome"u8): _outcome = LabelCache.Shared.Get(ref reader); _required |= 64; return true;
                case 8 when name.SequenceEqual("trace_id"u8): _traceId = reader.GetString(); return true;
                case 10 when name.SequenceEqual("error_type"u8): _errorType = LabelCache.Shared.Get(ref reader); return true;
                case 13 when name.SequenceEqual("finish_reason"u8): _finishReason = LabelCache.Shared.Get(ref reader); return true;
                case 6 when name.SequenceEqual("tenant"u8): _tenant = LabelCache.Shared.Get(ref reader); return true;
                case 9 when name.SequenceEqual("user_hash"u8): _userHash = reader.GetString(); return true;
                case 20 when name.SequenceEqual("prompt_sha256_prefix"u8): _promptPrefix = reader.GetString(); return true;
                case 6 when name.SequenceEqual("stream"u8): _stream = reader.GetBoolean(); return true;
                case 7 when name.SequenceEqual("refusal"u8): _refusal = reader.GetBoolean(); return true;
                case 6 when name.SequenceEqual("status"u8): return reader.TryGetInt32(out _status);
                case 15 when name.SequenceEqual("started_unix_ms"u8): return reader.TryGetInt64(out _started);
                case 12 when name.SequenceEqual("input_tokens"u8): return reader.TryGetInt32(out _inputTokens);
                case 13 when name.SequenceEqual("output_tokens"u8): return reader.TryGetInt32(out _outputTokens);
                case 12 when name.SequenceEqual("prompt_chars"u8): return reader.TryGetInt32(out _promptChars);
                case 10 when name.SequenceEqual("latency_ms"u8): return reader.TryGetDouble(out _latency);
                case 8 when name.SequenceEqual("cost_usd"u8): return reader.TryGetDouble(out _cost);
                case 7 when name.SequenceEqual("ttft_ms"u8): return NullableDouble(ref reader, out _ttft);
                case 7 when name.SequenceEqual("tpot_ms"u8): return NullableDouble(ref reader, out _tpot);
                case 13 when name.SequenceEqual("queue_wait_ms"u8): return NullableDouble(ref reader, out _queueWait);
                case 11 when name.SequenceEqual("temperature"u8): return NullableDouble(ref reader, out _temperature);
                case 5 when name.SequenceEqual("top_p"u8): return NullableDouble(ref reader, out _topP);
                case 5 when name.SequenceEqual("top_k"u8):
                    _topK = null;
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        return true;
                    }

                    var ok = reader.TryGetInt32(out var k);
                    _topK = k;
                    return ok;
                case 4 when name.SequenceEqual("type"u8):
                    return false; // A second discriminator: the serializer decides.
                default:
                    reader.Skip(); // Unknown members are ignored, as the serializer does.
                    return true;
            }
        }

        public readonly RequestCompleted ToEvent() => new()
        {
            EventId = _eventId!,
            TimestampUnixMs = _timestamp,
            RequestId = _requestId!,
            TraceId = _traceId,
            Model = _model!,
            Route = _route!,
            Operation = _operation!,
            Stream = _stream,
            Outcome = _outcome!,
            ErrorType = _errorType,
            Status = _status,
            FinishReason = _finishReason,
            StartedUnixMs = _started,
            LatencyMs = _latency,
            TtftMs = _ttft,
            TpotMs = _tpot,
            QueueWaitMs = _queueWait,
            InputTokens = _inputTokens,
            OutputTokens = _outputTokens,
            CostUsd = _cost,
            Tenant = _tenant,
            UserHash = _userHash,
            PromptChars = _promptChars,
            PromptSha256Prefix = _promptPrefix,
            Refusal = _refusal,
            Temperature = _temperature,
            TopK = _topK,
            TopP = _topP,
        };

        private static bool NullableDouble(ref Utf8JsonReader reader, out double? value)
        {
            value = null;
            if (reader.TokenType == JsonTokenType.Null)
            {
                return true;
            }

            var ok = reader.TryGetDouble(out var v);
            value = v;
            return ok;
        }
    }
}
