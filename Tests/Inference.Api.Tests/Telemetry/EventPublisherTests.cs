using Inference.Api.Telemetry;
using Inference.Api.Telemetry.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ServiceDefaults.Events;
using Tests.Shared;

namespace Inference.Api.Tests.Telemetry;

public sealed class EventPublisherTests : IDisposable
{
    private readonly DirectoryInfo _spool = Directory.CreateTempSubdirectory("spool-test-");

    public void Dispose() => _spool.Delete(recursive: true);

    [Fact]
    public async Task EventsPublishedDuringAnOutageArriveExactlyOnceAndInOrderAfterRecovery()
    {
        var sink = new RecordingSink();
        using var publisher = Create(sink);
        await publisher.StartAsync(CancellationToken.None);

        Publish(publisher, 0, 300);
        await Eventually.TrueAsync(() => sink.Received.Count == 300, "300 events at the sink", seen: () => $"{sink.Received.Count}");
        sink.Down = true;
        Publish(publisher, 300, 1_000);
        await Eventually.TrueAsync(() => publisher.Spooling && SpooledFiles().Any(), "the publisher to spool to disk", seen: () => $"spooling: {publisher.Spooling}");
        sink.Down = false;
        Publish(publisher, 1_000, 1_200);
        await Eventually.TrueAsync(() => sink.Received.Count == 1_200, "1 200 events at the sink", seen: () => $"{sink.Received.Count}");
        await publisher.StopAsync(CancellationToken.None);

        var requests = sink.Received.Cast<RequestCompleted>().ToArray();
        Assert.Equal(Enumerable.Range(0, 1_200).Select(i => "req-" + i), requests.Select(r => r.RequestId));
        Assert.Equal(1_200, requests.Select(r => r.EventId).Distinct().Count());
        Assert.Equal(0, publisher.Dropped);
    }

    [Fact]
    public async Task EventsQueuedWhenTheServiceStopsDuringAnOutageAreReplayedByTheNextInstance()
    {
        var sink = new RecordingSink { Down = true };
        using (var first = Create(sink))
        {
            await first.StartAsync(CancellationToken.None);
            Publish(first, 0, 500);
            await first.StopAsync(CancellationToken.None);
        }

        Assert.Empty(sink.Received);
        sink.Down = false;
        using var second = Create(sink);
        await second.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => sink.Received.Count == 500, "500 events at the sink", seen: () => $"{sink.Received.Count}");
        await second.StopAsync(CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 500).Select(i => "req-" + i), sink.Received.Cast<RequestCompleted>().Select(r => r.RequestId));
        Assert.Empty(SpooledFiles());
    }

    [Fact]
    public void AFullChannelRefusesAndCountsInsteadOfBlockingTheRequest()
    {
        using var publisher = Create(new RecordingSink(), capacity: 4);

        var accepted = Enumerable.Range(0, 10).Count(i => publisher.TryPublish(Outcome(i)));

        Assert.Equal(4, accepted);
        Assert.Equal(6, publisher.Dropped);
    }

    private IEnumerable<string> SpooledFiles() => Directory.EnumerateFiles(_spool.FullName, "*.jsonl", SearchOption.AllDirectories);

    private EventPublisher Create(IEventSink sink, int capacity = 65_536) => new(
        sink,
        Options.Create(new EventPublisherOptions
        {
            ChannelCapacity = capacity,
            SpoolDirectory = _spool.FullName,
            InitialRetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxBatchSize = 64,
        }),
        TimeProvider.System,
        NullLogger<EventPublisher>.Instance,
        new RequestLog(NullLogger<RequestTelemetry>.Instance, Options.Create(new ContentLogOptions())));

    private static void Publish(EventPublisher publisher, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            Assert.True(publisher.TryPublish(Outcome(i)));
        }
    }

    private static RequestOutcome Outcome(int i) => new()
    {
        RequestId = "req-" + i,
        Model = "m",
        Route = "generate",
        Operation = "text_completion",
        Outcome = "success",
        Status = 200,
        LatencySeconds = 0.01,
        StartedUnixMs = 1_795_000_000_000 + i,
    };
}
