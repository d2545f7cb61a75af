using System.Text.Json;
using Inference.Api.Telemetry.Events;
using ServiceDefaults.Events;

namespace Inference.Api.Tests.Telemetry;

/// <summary>An event sink for tests: records what it receives and can be switched off like an unreachable cache.</summary>
internal sealed class RecordingSink : IEventSink
{
    private readonly Lock _gate = new();
    private readonly List<TelemetryEvent> _received = [];

    public volatile bool Down;

    public IReadOnlyList<TelemetryEvent> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public ValueTask PublishAsync(IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new IOException("cache unreachable (test)");
        }

        lock (_gate)
        {
            foreach (var e in events)
            {
                _received.Add(JsonSerializer.Deserialize(e.Span, TelemetryEventJsonContext.Default.TelemetryEvent)!);
            }
        }

        return ValueTask.CompletedTask;
    }
}
