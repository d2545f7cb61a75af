using System.Text;
using System.Text.Json;
using ServiceDefaults.Events;
using Telemetry.Aggregator.Ingest;

namespace Telemetry.Aggregator.Tests.Ingest;

/// <summary>The direct request-event reader builds exactly what the serializer builds, and leaves everything else to it.</summary>
public sealed class RequestEventReaderTests
{
    private static readonly RequestCompleted s_full = new()
    {
        EventId = "0193f1c2a7b84e6f9d1e2c3b4a596877", TimestampUnixMs = 1_765_000_000_123, RequestId = "chatcmpl-\"quoted\"-ü", TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        Model = "kjv-5m", Route = "chat_completions", Operation = "chat", Stream = true, Outcome = "error", ErrorType = "timeout", Status = 504,
        FinishReason = "length", StartedUnixMs = 1_765_000_000_000, LatencyMs = 123.456, TtftMs = 7.5, TpotMs = 1.25, QueueWaitMs = 0.5,
        InputTokens = 120, OutputTokens = 64, CostUsd = 0.000_012_5, Tenant = "acme", UserHash = "9f86d081884c7d65", PromptChars = 512,
        PromptSha256Prefix = "e3b0c44298fc1c14", Refusal = true, Temperature = 0.7, TopK = 40, TopP = 0.95,
    };

    [Fact]
    public void AnEventAsThePublisherWritesItReadsToTheSameRecordAsTheSerializerBuilds()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes<TelemetryEvent>(s_full, TelemetryEventJsonContext.Default.TelemetryEvent);

        Assert.Equal(s_full, RequestEventReader.TryRead(json));
        Assert.Equal(s_full, JsonSerializer.Deserialize(json, TelemetryEventJsonContext.Default.TelemetryEvent));
    }

    [Fact]
    public void OptionalMembersLeftOutOrNullReadAsTheSerializerReadsThem()
    {
        var minimal = new RequestCompleted { EventId = "e", TimestampUnixMs = 1, RequestId = "r", Model = "m", Route = "generate", Operation = "text_completion", Outcome = "success" };
        var json = JsonSerializer.SerializeToUtf8Bytes<TelemetryEvent>(minimal, TelemetryEventJsonContext.Default.TelemetryEvent);
        var withNulls = Encoding.UTF8.GetBytes("""{"type":"request","event_id":"e","timestamp_unix_ms":1,"request_id":"r","model":"m","route":"generate","operation":"text_completion","outcome":"success","ttft_ms":null,"top_k":null,"tenant":null,"extra":{"nested":[1,2]}}""");

        Assert.Equal(minimal, RequestEventReader.TryRead(json));
        Assert.Equal(JsonSerializer.Deserialize(withNulls, TelemetryEventJsonContext.Default.TelemetryEvent), RequestEventReader.TryRead(withNulls));
    }

    [Fact]
    public void LabelValuesRepeatedAcrossEventsAreOneStringInstanceEach()
    {
        var first = RequestEventReader.TryRead(JsonSerializer.SerializeToUtf8Bytes<TelemetryEvent>(s_full, TelemetryEventJsonContext.Default.TelemetryEvent))!;
        var second = RequestEventReader.TryRead(JsonSerializer.SerializeToUtf8Bytes<TelemetryEvent>(s_full with { EventId = "other" }, TelemetryEventJsonContext.Default.TelemetryEvent))!;

        Assert.Same(first.Model, second.Model);
        Assert.Same(first.Route, second.Route);
        Assert.Same(first.Outcome, second.Outcome);
        Assert.Same(first.Tenant, second.Tenant);
        Assert.Same(first.ErrorType, second.ErrorType);
        Assert.NotSame(first.EventId, second.EventId);
    }

    [Theory]
    [InlineData("""{"type":"feedback","event_id":"e","timestamp_unix_ms":1,"request_id":"r","score":1}""")]
    [InlineData("""{"event_id":"e","type":"request","timestamp_unix_ms":1,"request_id":"r","model":"m","route":"g","operation":"o","outcome":"success"}""")]
    [InlineData("""{"type":"request","event_id":"e","timestamp_unix_ms":1,"request_id":"r","model":"m","route":"g","operation":"o"}""")]
    [InlineData("""{"type":"request","event_id":"e","timestamp_unix_ms":"1","request_id":"r","model":"m","route":"g","operation":"o","outcome":"success"}""")]
    [InlineData("""{"type":"request","event_id":"e","timestamp_unix_ms":1,"request_id":"r","model":"m","route":"g","operation":"o","outcome":"success","input_tokens":1.5}""")]
    [InlineData("""{"type":"request","event_id":"e","timestamp_unix_ms":1,"request_id":"r","model":"m","route":"g","operation":"o","outcome":"success"} trailing""")]
    [InlineData("""{"type":"request","event_id":"e","timestamp_unix_ms":1,"request_id":"r","model":"m","route":"g","operation":"o","outcome":"success","stream":"yes"}""")]
    [InlineData("""{"type":"request","event_\u0069d":"e","timestamp_unix_ms":1,"request_id":"r","model":"m","route":"g","operation":"o","outcome":"success"}""")]
    [InlineData("""{"type":"request","event_id":"e""")]
    public void WhatItDoesNotRecogniseIsLeftToTheSerializer(string json) =>
        Assert.Null(RequestEventReader.TryRead(Encoding.UTF8.GetBytes(json)));
}
