using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ServiceDefaults.Events;
using Telemetry.Aggregator.Ingest;
using Telemetry.Aggregator.Stats;
using Telemetry.Aggregator.Storage;
using Telemetry.Aggregator.Tests.Support;
using Telemetry.Aggregator.Windows;
using Tests.Shared;

namespace Telemetry.Aggregator.Tests.Ingest;

/// <summary>The reliable queue and exact counting, run against redis-server and against Garnet.</summary>
public abstract class QueueConsumerServerTests<TFixture>(TFixture cache) : IClassFixture<TFixture>, IAsyncLifetime where TFixture : CacheFixture
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.UtcNow;

    /// <summary>A dead consumer's lease long enough to outlast any pause of a busy machine; the test ends it itself.</summary>
    private static readonly TimeSpan s_deadLease = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _clock = new(s_now);
    private Aggregation _aggregation = null!;

    public async Task InitializeAsync()
    {
        _aggregation = new Aggregation(cache.NewClient(), _clock);
        await CacheFixture.FlushAsync(_aggregation.Connection);
    }

    public async Task DisposeAsync() => await _aggregation.Connection.DisposeAsync();

    [Fact]
    public async Task EveryEventIsCountedOnceAndReplaysAreRecognised()
    {
        var events = Enumerable.Range(0, 5000).Select(i => TestEvents.Request(i, s_now.AddSeconds(-(i % 200)))).ToList();
        var entries = events.Select(TestEvents.Json).ToList();
        await TestEvents.PushAsync(_aggregation.Redis, [.. entries, .. entries.Take(100)]);
        var consumer = _aggregation.Consumer("c1");

        Assert.Equal(5100, await Aggregation.DrainAsync(consumer));
        var first = await _aggregation.Stats.SnapshotAsync(StatsWindow.Find("5m")!, SeriesNames.All, default);
        await TestEvents.PushAsync(_aggregation.Redis, entries);
        await Aggregation.DrainAsync(consumer);
        var second = await _aggregation.Stats.SnapshotAsync(StatsWindow.Find("5m")!, SeriesNames.All, default);

        Assert.Equal(5000, first.Requests);
        Assert.Equal(100, first.Errors.Total);
        Assert.Equal(100, first.Errors.ByType["timeout"]);
        Assert.Equal(events.Sum(e => (long)e.InputTokens), first.Tokens.Input);
        Assert.Equal(events.Sum(e => (long)e.OutputTokens), first.Tokens.Output);
        Assert.Equal(0.01, first.CostUsd, 9);
        Assert.Equal(JsonSerializer.Serialize(first), JsonSerializer.Serialize(second));
        Assert.Equal(5100, await _aggregation.IngestCounterAsync("duplicates"));
        Assert.Equal(5000, await _aggregation.IngestCounterAsync("applied"));
    }

    [Fact]
    public async Task BatchesLargerThanTheScriptChunkFindReplaysOnBothSidesOfTheChunkEdge()
    {
        var large = new Aggregation(_aggregation.Connection, _clock, new AggregatorOptions { BatchSize = 20_000 });
        var entries = Enumerable.Range(0, 13_000).Select(i => TestEvents.Json(TestEvents.Request(i, s_now.AddSeconds(-(i % 100))))).ToList();
        await TestEvents.PushAsync(_aggregation.Redis, entries.Take(5000));
        Assert.Equal(5000, await Aggregation.DrainAsync(large.Consumer("big")));

        // One claim of 9 000: 1 000 replays (ids 3 500..4 499, around position 4 000 of the script's chunks) and 8 000 new.
        await TestEvents.PushAsync(_aggregation.Redis, [.. entries.Skip(5000).Take(4000), .. entries.Skip(3500).Take(1000), .. entries.Skip(9000)]);
        Assert.Equal(9000, await Aggregation.DrainAsync(large.Consumer("big")));

        var stats = await _aggregation.Stats.SnapshotAsync(StatsWindow.Find("5m")!, SeriesNames.All, default);
        Assert.Equal(13_000, stats.Requests);
        Assert.Equal(1000, await _aggregation.IngestCounterAsync("duplicates"));
        Assert.Equal(2, await _aggregation.IngestCounterAsync("batches"));
    }

    [Fact]
    public async Task FeedbackTakenByAReplicaThatDidNotServeTheRequestIsJoinedToItsModelThroughTheCache()
    {
        // Replica A served req-1 and req-2; their events were applied earlier (another batch, another consumer).
        await TestEvents.PushAsync(_aggregation.Redis, [TestEvents.Json(TestEvents.Request(1, s_now.AddMinutes(-2), model: "big")), TestEvents.Json(TestEvents.Request(2, s_now.AddMinutes(-2), model: "small"))]);
        await Aggregation.DrainAsync(_aggregation.Consumer("c1"));
        // Replica B did not serve them, so it marks their feedback unknown; req-3's event arrives in the same batch as
        // its feedback; nobody served req-404.
        FeedbackReceived Unknown(string requestId, int score) => new()
        {
            EventId = "fb-" + requestId, TimestampUnixMs = s_now.ToUnixTimeMilliseconds(), RequestId = requestId, Score = score, UnknownRequest = true,
        };
        TelemetryEvent[] later = [Unknown("req-1", 1), Unknown("req-2", -1), TestEvents.Request(3, s_now.AddSeconds(-5), model: "big"), Unknown("req-3", 1), Unknown("req-404", 1)];
        await TestEvents.PushAsync(_aggregation.Redis, later.Select(TestEvents.Json));
        await Aggregation.DrainAsync(_aggregation.Consumer("c2"));

        var window = StatsWindow.Find("5m")!;
        var all = await _aggregation.Stats.SnapshotAsync(window, SeriesNames.All, default);
        var big = await _aggregation.Stats.SnapshotAsync(window, "model:big", default);
        var small = await _aggregation.Stats.SnapshotAsync(window, "model:small", default);

        Assert.Equal((3L, 1L, 1L), (all.Feedback.Positive, all.Feedback.Negative, all.Feedback.UnknownRequest));
        Assert.Equal((2L, 0L, 0L), (big.Feedback.Positive, big.Feedback.Negative, big.Feedback.UnknownRequest));
        Assert.Equal((0L, 1L, 0L), (small.Feedback.Positive, small.Feedback.Negative, small.Feedback.UnknownRequest));
    }

    [Fact]
    public async Task FeedbackJoinsItsModelAndUsageIsCountedByTokensSamplingSettingsAndQueueWait()
    {
        var requests = Enumerable.Range(0, 40).Select(i => TestEvents.Request(i, s_now, model: i % 2 == 0 ? "a" : "b") with
        {
            InputTokens = i < 10 ? 3 : 100,
            Temperature = i < 20 ? null : 0.7,
            TopK = i < 5 ? 40 : null,
            QueueWaitMs = i < 20 ? 2.0 : 4.0,
            Refusal = i % 8 == 0,
        });
        FeedbackReceived Feedback(int i, int score, string? model) => new()
        {
            EventId = "fb-" + i, TimestampUnixMs = s_now.ToUnixTimeMilliseconds(), RequestId = "req-" + i, Score = score, Model = model, UnknownRequest = model is null,
        };
        TelemetryEvent[] feedback = [Feedback(0, 1, "a"), Feedback(2, 1, "a"), Feedback(4, -1, "a"), Feedback(1, -1, "b"), Feedback(99, 1, null)];
        await TestEvents.PushAsync(_aggregation.Redis, [.. requests.Select(TestEvents.Json), .. feedback.Select(TestEvents.Json)]);
        await Aggregation.DrainAsync(_aggregation.Consumer("c1"));

        var window = StatsWindow.Find("5m")!;
        var all = await _aggregation.Stats.SnapshotAsync(window, SeriesNames.All, default);
        var a = await _aggregation.Stats.SnapshotAsync(window, "model:a", default);
        var b = await _aggregation.Stats.SnapshotAsync(window, "model:b", default);

        Assert.Equal((3L, 2L, 1L), (all.Feedback.Positive, all.Feedback.Negative, all.Feedback.UnknownRequest));
        Assert.Equal(0.6667, a.Feedback.SatisfactionRate);
        Assert.Equal(0.0, b.Feedback.SatisfactionRate);
        Assert.Equal(10, all.Usage.InputTokens["4"]);
        Assert.Equal(30, all.Usage.InputTokens["128"]);
        Assert.Equal(20, all.Usage.Temperature["unset"]);
        Assert.Equal(20, all.Usage.Temperature["0.5-1"]);
        Assert.Equal(5, all.Usage.TopK["set"]);
        Assert.Equal(35, all.Usage.TopK["unset"]);
        Assert.Equal(3.0, all.QueueWaitMeanMs);
        Assert.Equal(5, all.Refusals);
    }

    [Fact]
    public async Task TheRequestIndexKeepsTheTraceIdOfEachTracedExampleAcrossHoursAndIgnoresIdsThatNameNoTrace()
    {
        const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        const string Older = "00f067aa0ba902b700f067aa0ba902b7";
        RequestCompleted[] requests =
        [
            TestEvents.Request(1, s_now) with { TraceId = Trace },
            TestEvents.Request(2, s_now.AddHours(-1)) with { TraceId = Older },
            TestEvents.Request(3, s_now),
            TestEvents.Request(4, s_now) with { TraceId = Trace.ToUpperInvariant() },
            TestEvents.Request(5, s_now) with { TraceId = new string('0', 32) },
            TestEvents.Request(6, s_now) with { TraceId = "../structuredlogs" },
            // Twelve in one 10 s bucket: only its ten slowest (12..21, latency rising with i) are examples.
            .. Enumerable.Range(10, 12).Select(i => TestEvents.Request(i, s_now.AddSeconds(-30)) with { TraceId = i.ToString("x32", CultureInfo.InvariantCulture) }),
        ];
        await TestEvents.PushAsync(_aggregation.Redis, requests.Select(TestEvents.Json));
        await Aggregation.DrainAsync(_aggregation.Consumer("c1"));

        var traces = await FeedbackJoin.TraceIdsAsync(
            [.. Enumerable.Range(1, 21).Select(i => "req-" + i)], _aggregation.Redis, _aggregation.Options, s_now.ToUnixTimeSeconds(), default);

        Assert.Equal(
            [("req-1", Trace), ("req-2", Older), .. Enumerable.Range(12, 10).Select(i => ("req-" + i, i.ToString("x32", CultureInfo.InvariantCulture)))],
            traces.OrderBy(t => t.Key.Length).ThenBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)));
        // Both hours' trace hashes expire with the request index beside them.
        foreach (var hour in new[] { s_now.ToUnixTimeSeconds() / 3600 * 3600, s_now.AddHours(-1).ToUnixTimeSeconds() / 3600 * 3600 })
        {
            var models = await _aggregation.Redis.KeyTimeToLiveAsync(FeedbackJoin.Key(hour));
            var ids = await _aggregation.Redis.KeyTimeToLiveAsync(FeedbackJoin.TracesKey(hour));
            Assert.NotNull(models);
            Assert.NotNull(ids);
            Assert.InRange((models.Value - ids.Value).Duration(), TimeSpan.Zero, TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task LatencyQuantilesComeFromTheMergedBucketsWithinOnePercent()
    {
        var events = Enumerable.Range(0, 3000).Select(i => TestEvents.Request(i, s_now.AddSeconds(-(i % 290)))).ToList();
        await TestEvents.PushAsync(_aggregation.Redis, events.Select(TestEvents.Json));
        await Aggregation.DrainAsync(_aggregation.Consumer("c1"));

        var stats = await _aggregation.Stats.SnapshotAsync(StatsWindow.Find("5m")!, SeriesNames.All, default);

        var sorted = events.Select(e => e.LatencyMs).Order().ToArray();
        foreach (var (q, estimate) in new[] { (0.5, stats.LatencyMs!.P50), (0.9, stats.LatencyMs.P90), (0.95, stats.LatencyMs.P95), (0.99, stats.LatencyMs.P99) })
        {
            var exact = sorted[(int)Math.Floor(q * (sorted.Length - 1))];
            Assert.InRange(estimate, exact * 0.99 - 0.01, exact * 1.01 + 0.01);
        }

        Assert.Equal(3000, stats.LatencyMs.Count);
        Assert.Equal(1.5, stats.TpotMs!.P50, 1);
    }

    [Fact]
    public async Task MalformedEntriesAreDeadLetteredWithTheirReasonAndTheRestIsCounted()
    {
        var good = Enumerable.Range(0, 10).Select(i => TestEvents.Json(TestEvents.Request(i, s_now)));
        byte[][] bad =
        [
            "not json at all"u8.ToArray(),
            """{"type":"request","event_id":"x1","timestamp_unix_ms":1}"""u8.ToArray(),
            """{"type":"mystery","event_id":"x2","timestamp_unix_ms":1}"""u8.ToArray(),
            TestEvents.Json(TestEvents.Request(100, s_now) with { LatencyMs = -5 }),
            TestEvents.Json(TestEvents.Request(101, s_now.AddHours(-7))),
            TestEvents.Json(TestEvents.Request(102, s_now.AddHours(1))),
            TestEvents.Json(TestEvents.Request(103, s_now) with { OutputTokens = -1 }),
        ];
        await TestEvents.PushAsync(_aggregation.Redis, [.. good.Take(5), .. bad, .. good.Skip(5)]);

        await Aggregation.DrainAsync(_aggregation.Consumer("c1"));

        var stats = await _aggregation.Stats.SnapshotAsync(StatsWindow.Find("1m")!, SeriesNames.All, default);
        Assert.Equal(10, stats.Requests);
        var dead = (await _aggregation.Redis.ListRangeAsync(EventQueueKeys.DeadLetters))
            .Select(d => JsonDocument.Parse((byte[])d!).RootElement.GetProperty("reason").GetString()!).Order().ToArray();
        Assert.Equal(
            [DeadLetterReason.AbsurdValue, DeadLetterReason.AbsurdValue, DeadLetterReason.FutureTimestamp, DeadLetterReason.MalformedJson,
             DeadLetterReason.MissingField, DeadLetterReason.Stale, DeadLetterReason.UnknownType],
            dead);
        Assert.Equal(7, await _aggregation.IngestCounterAsync("dead"));
        Assert.Equal(2, await _aggregation.IngestCounterAsync("dead:" + DeadLetterReason.AbsurdValue));
    }

    [Fact]
    public async Task ABatchLeftByADeadConsumerIsReclaimedAfterItsLeaseAndCountedOnce()
    {
        var options = new AggregatorOptions { BatchSize = 1000, LeaseTimeout = TimeSpan.FromMilliseconds(300) };
        var aggregation = new Aggregation(_aggregation.Connection, _clock, options);
        await TestEvents.PushAsync(_aggregation.Redis, Enumerable.Range(0, 3000).Select(i => TestEvents.Json(TestEvents.Request(i, s_now))));
        // A consumer claims a batch (from a backlog larger than a batch: moved entry by entry) and dies before applying it.
        var dead = new Aggregation(_aggregation.Connection, _clock, new AggregatorOptions { BatchSize = 1000, LeaseTimeout = s_deadLease });
        var (_, claimed) = await dead.Consumer("dead").ClaimAsync(default);
        Assert.Equal(1000, claimed);
        Assert.Equal(1000, await _aggregation.Redis.ListLengthAsync(EventQueueKeys.ProcessingPrefix + "dead"));
        var survivor = aggregation.Consumer("alive");

        Assert.Equal(0, await survivor.ReclaimExpiredAsync(default)); // the lease still holds
        Assert.Equal(2000, await Aggregation.DrainAsync(survivor));
        // The dead consumer's lease runs out (the cache expires it, as it would the real one, without the test
        // depending on how long the steps above took on a busy machine).
        Assert.True(await _aggregation.Redis.KeyExpireAsync(EventQueueKeys.LeasePrefix + "dead", TimeSpan.FromMilliseconds(1)));
        long reclaimed = 0;
        await Eventually.TrueAsync(async () => (reclaimed += await survivor.ReclaimExpiredAsync(default)) > 0, "the dead consumer's batch to be reclaimed");

        Assert.Equal(1000, reclaimed);
        Assert.Equal(1000, await Aggregation.DrainAsync(survivor));

        var stats = await aggregation.Stats.SnapshotAsync(StatsWindow.Find("1m")!, SeriesNames.All, default);
        Assert.Equal(3000, stats.Requests);
        Assert.Equal(0, await _aggregation.IngestCounterAsync("duplicates"));
        Assert.False(await SetContainsAsync(EventQueueKeys.Consumers, "dead"));
    }

    [Fact]
    public async Task ThreeReplicasShareTheQueueAndGiveTheSameAnswers()
    {
        string[] models = ["kjv-5m", "other"];
        string[] tenants = ["acme", "globex", "initech"];
        var events = Enumerable.Range(0, 30_000)
            .Select(i => TestEvents.Request(i, s_now.AddSeconds(-(i % 250)), models[i % 2], i % 3 == 0 ? "chat_completions" : "generate", tenants[i % 3]))
            .ToList();
        await TestEvents.PushAsync(_aggregation.Redis, events.Select(TestEvents.Json));
        var replicas = Enumerable.Range(0, 3).Select(_ => new Aggregation(cache.NewClient(), _clock)).ToArray();

        var handled = await Task.WhenAll(replicas.Select((r, i) => Task.Run(() => Aggregation.DrainAsync(r.Consumer("replica-" + i)))));

        Assert.Equal(30_000, handled.Sum());
        Assert.All(handled, h => Assert.True(h > 0, "every replica took a share of the queue"));
        var window = StatsWindow.Find("5m")!;
        foreach (var (series, expected) in new[] { ("all", 30_000), ("model:other", 15_000), ("tenant:globex", 10_000), ("model_route:kjv-5m|chat_completions", 5_000) })
        {
            var answers = await Task.WhenAll(replicas.Select(r => r.Stats.SnapshotAsync(window, series, default)));
            Assert.Equal(expected, answers[0].Requests);
            Assert.All(answers, a => Assert.Equal(JsonSerializer.Serialize(answers[0]), JsonSerializer.Serialize(a)));
        }

        foreach (var replica in replicas)
        {
            await replica.Connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task WindowsIncludeOnlyTheBucketsInsideThemAsTheClockMoves()
    {
        var now = new DateTimeOffset(s_now.Year, s_now.Month, s_now.Day, s_now.Hour, s_now.Minute, 0, TimeSpan.Zero).AddMinutes(-10);
        var clock = new FakeTimeProvider(now);
        var aggregation = new Aggregation(_aggregation.Connection, clock);
        var recent = Enumerable.Range(0, 40).Select(i => TestEvents.Request(i, now.AddSeconds(-30)));
        var older = Enumerable.Range(40, 60).Select(i => TestEvents.Request(i, now.AddSeconds(-90)));
        // Further back, where the long windows read whole 5-minute buckets instead of their 10 s buckets.
        var twentyMinutes = Enumerable.Range(100, 25).Select(i => TestEvents.Request(i, now.AddMinutes(-20)));
        var fiftyMinutes = Enumerable.Range(125, 15).Select(i => TestEvents.Request(i, now.AddMinutes(-50)));
        var outsideTheHour = Enumerable.Range(140, 10).Select(i => TestEvents.Request(i, now.AddMinutes(-70)));
        await TestEvents.PushAsync(_aggregation.Redis, recent.Concat(older).Concat(twentyMinutes).Concat(fiftyMinutes).Concat(outsideTheHour).Select(TestEvents.Json));
        await Aggregation.DrainAsync(aggregation.Consumer("c1"));

        var oneMinute = await aggregation.Stats.SnapshotAsync(StatsWindow.Find("1m")!, SeriesNames.All, default);
        var fiveMinutes = await aggregation.Stats.SnapshotAsync(StatsWindow.Find("5m")!, SeriesNames.All, default);
        var halfHour = await aggregation.Stats.SnapshotAsync(StatsWindow.Find("30m")!, SeriesNames.All, default);
        var hour = await aggregation.Stats.SnapshotAsync(StatsWindow.Find("1h")!, SeriesNames.All, default);
        var hourByBucket = await aggregation.Stats.TimeseriesAsync(StatsWindow.Find("1h")!, TimeSpan.FromMinutes(1), StatsMetric.Known["requests"], SeriesNames.All, default);
        clock.Advance(TimeSpan.FromSeconds(40));
        var later = await aggregation.Stats.SnapshotAsync(StatsWindow.Find("1m")!, SeriesNames.All, default);

        Assert.Equal(40, oneMinute.Requests);
        Assert.Equal(100, fiveMinutes.Requests);
        Assert.Equal(125, halfHour.Requests);
        Assert.Equal(140, hour.Requests);
        Assert.Equal(140, hourByBucket.Sum(p => p.V ?? 0)); // the 10 s buckets agree with the 5-minute ones
        Assert.Equal(140, hour.LatencyMs!.Count);
        Assert.Equal(0, later.Requests);
        Assert.Equal(now.AddMinutes(-1), oneMinute.From);
    }

    private async Task<bool> SetContainsAsync(string key, string member) =>
        await _aggregation.Redis.SetContainsAsync(key, member);
}

public sealed class QueueConsumerRedisServerTests(RedisFixture cache) : QueueConsumerServerTests<RedisFixture>(cache);

public sealed class QueueConsumerGarnetServerTests(GarnetFixture cache) : QueueConsumerServerTests<GarnetFixture>(cache);
