using System.Text.Json;
using ServiceDefaults.Events;

namespace Benchmarks.Ingest;

/// <summary>
/// The request-event reader as it was at 907de66 (a string per member, names matched one after the other), kept
/// unchanged as the baseline of <see cref="RequestEventReaderBenchmarks"/>. Not used by the service.
/// </summary>
internal static class PreviousRequestEventReader
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
            switch (name)
            {
                case var n when n.SequenceEqual("event_id"u8): _eventId = reader.GetString(); _required |= 1; return true;
                case var n when n.SequenceEqual("timestamp_unix_ms"u8): _required |= 2; return reader.TryGetInt64(out _timestamp);
                case var n when n.SequenceEqual("request_id"u8): _requestId = reader.GetString(); _required |= 4; return true;
                case var n when n.SequenceEqual("model"u8): _model = reader.GetString(); _required |= 8; return true;
                case var n when n.SequenceEqual("route"u8): _route = reader.GetString(); _required |= 16; return true;
                case var n when n.SequenceEqual("operation"u8): _operation = reader.GetString(); _required |= 32; return true;
                case var n when n.SequenceEqual("outcome"u8): _outcome = reader.GetString(); _required |= 64; return true;
                case var n when n.SequenceEqual("trace_id"u8): _traceId = reader.GetString(); return true;
                case var n when n.SequenceEqual("error_type"u8): _errorType = reader.GetString(); return true;
                case var n when n.SequenceEqual("finish_reason"u8): _finishReason = reader.GetString(); return true;
                case var n when n.SequenceEqual("tenant"u8): _tenant = reader.GetString(); return true;
                case var n when n.SequenceEqual("user_hash"u8): _userHash = reader.GetString(); return true;
                case var n when n.SequenceEqual("prompt_sha256_prefix"u8): _promptPrefix = reader.GetString(); return true;
                case var n when n.SequenceEqual("stream"u8): _stream = reader.GetBoolean(); return true;
                case var n when n.SequenceEqual("refusal"u8): _refusal = reader.GetBoolean(); return true;
                case var n when n.SequenceEqual("status"u8): return reader.TryGetInt32(out _status);
                case var n when n.SequenceEqual("started_unix_ms"u8): return reader.TryGetInt64(out _started);
                case var n when n.SequenceEqual("input_tokens"u8): return reader.TryGetInt32(out _inputTokens);
                case var n when n.SequenceEqual("output_tokens"u8): return reader.TryGetInt32(out _outputTokens);
                case var n when n.SequenceEqual("prompt_chars"u8): return reader.TryGetInt32(out _promptChars);
                case var n when n.SequenceEqual("latency_ms"u8): return reader.TryGetDouble(out _latency);
                case var n when n.SequenceEqual("cost_usd"u8): return reader.TryGetDouble(out _cost);
                case var n when n.SequenceEqual("ttft_ms"u8): return NullableDouble(ref reader, out _ttft);
                case var n when n.SequenceEqual("tpot_ms"u8): return NullableDouble(ref reader, out _tpot);
                case var n when n.SequenceEqual("queue_wait_ms"u8): return NullableDouble(ref reader, out _queueWait);
                case var n when n.SequenceEqual("temperature"u8): return NullableDouble(ref reader, out _temperature);
                case var n when n.SequenceEqual("top_p"u8): return NullableDouble(ref reader, out _topP);
                case var n when n.SequenceEqual("top_k"u8):
                    _topK = null;
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        return true;
                    }

                    var ok = reader.TryGetInt32(out var k);
                    _topK = k;
                    return ok;
                case var n when n.SequenceEqual("type"u8):
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
