using System.Text.Json;
using ServiceDefaults.Events;

namespace ServiceDefaults.Tests.Events;

public sealed class TelemetryEventJsonTests
{
    private static readonly RequestCompleted s_request = new()
    {
        EventId = "evt-1",
        TimestampUnixMs = 1_795_000_000_000,
        RequestId = "req-1",
        Model = "inkling",
        Route = "generate",
        Operation = "text_completion",
        Outcome = "success",
        Status = 200,
        FinishReason = "stop",
        LatencyMs = 41.25,
        TtftMs = 9.5,
        InputTokens = 12,
        OutputTokens = 8,
        CostUsd = 0.000123,
    };

    [Fact]
    public void ARequestEventRoundTripsWithItsTypeDiscriminatorAndSnakeCaseNames()
    {
        var json = JsonSerializer.Serialize<TelemetryEvent>(s_request, TelemetryEventJsonContext.Default.TelemetryEvent);

        Assert.StartsWith("{\"type\":\"request\"", json, StringComparison.Ordinal);
        Assert.Contains("\"latency_ms\":41.25", json, StringComparison.Ordinal);
        Assert.DoesNotContain("error_type", json, StringComparison.Ordinal);
        Assert.Equal(s_request, JsonSerializer.Deserialize(json, TelemetryEventJsonContext.Default.TelemetryEvent));
    }

    [Fact]
    public void FeedbackEventsAreDistinguishedFromRequests()
    {
        TelemetryEvent feedback = new FeedbackReceived { EventId = "evt-2", TimestampUnixMs = 1, RequestId = "nope", Score = -1, UnknownRequest = true };

        var json = JsonSerializer.Serialize(feedback, TelemetryEventJsonContext.Default.TelemetryEvent);

        var back = Assert.IsType<FeedbackReceived>(JsonSerializer.Deserialize(json, TelemetryEventJsonContext.Default.TelemetryEvent));
        Assert.True(back.UnknownRequest);
        Assert.Equal(-1, back.Score);
    }

    [Fact]
    public void FieldsANewerProducerAddsAreIgnoredByAnOlderConsumer()
    {
        const string Json = """{"type":"feedback","event_id":"e","timestamp_unix_ms":5,"request_id":"r","score":1,"added_later":{"x":1}}""";

        var back = Assert.IsType<FeedbackReceived>(JsonSerializer.Deserialize(Json, TelemetryEventJsonContext.Default.TelemetryEvent));

        Assert.Equal("r", back.RequestId);
    }

    [Fact]
    public void TheContractHasNoFieldThatCouldCarryPromptOrCompletionText()
    {
        var names = typeof(RequestCompleted).GetProperties().Select(p => p.Name).ToArray();

        Assert.DoesNotContain("Prompt", names);
        Assert.DoesNotContain("Completion", names);
        Assert.DoesNotContain("Response", names);
        Assert.DoesNotContain(names, n => n.Contains("User", StringComparison.Ordinal) && n != "UserHash");
    }
}
