using Telemetry.Aggregator.Ingest;
using Telemetry.Aggregator.Sketches;
using Telemetry.Aggregator.Storage;
using Telemetry.Aggregator.Tests.Support;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Tests.Ingest;

/// <summary>What a batch adds to storage is what its events add one by one.</summary>
public sealed class BatchAggregateTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 6, 10, 2, 30, TimeSpan.Zero);

    [Fact]
    public void EachSeriesBucketGetsTheSumOfItsEventsIncrementsAndTheIndexCountsItsRequests()
    {
        var mapping = LogarithmicMapping.Default;
        var events = Enumerable.Range(0, 300)
            .Select(i => TestEvents.Request(i, s_now.AddSeconds(-(i % 25)), model: i % 3 == 0 ? "a" : "b", route: i % 2 == 0 ? "generate" : "chat_completions", tenant: i % 4 == 0 ? "t1" : null))
            .ToList();

        var aggregate = new BatchAggregate(mapping);
        events.ForEach(aggregate.Add);
        aggregate.Complete(s_now.ToUnixTimeSeconds());

        var expected = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            foreach (var resolution in Resolution.All)
            {
                foreach (var series in SeriesNames.Of(e))
                {
                    var key = resolution.Key(resolution.BucketStart(e.TimestampUnixMs / 1000), series);
                    if (!expected.TryGetValue(key, out var fields))
                    {
                        expected[key] = fields = new Dictionary<string, long>(StringComparer.Ordinal);
                    }

                    foreach (var (field, delta) in EventFields.Increments(e, mapping))
                    {
                        fields[field] = fields.GetValueOrDefault(field) + delta;
                    }
                }
            }
        }

        var written = aggregate.Targets.Keys.Where(k => k.StartsWith("telemetry:w:10:", StringComparison.Ordinal) || k.StartsWith("telemetry:w:300:", StringComparison.Ordinal));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), written.Order(StringComparer.Ordinal));
        foreach (var (key, fields) in expected)
        {
            Assert.Equal(fields.OrderBy(f => f.Key, StringComparer.Ordinal), aggregate.Targets[key].Fields.OrderBy(f => f.Key, StringComparer.Ordinal));
        }

        var index = aggregate.Targets[SeriesNames.IndexKey(Resolution.Coarse.BucketStart(s_now.ToUnixTimeSeconds()))].Fields;
        Assert.Equal(300, index[SeriesNames.All]);
        Assert.Equal(100, index[SeriesNames.ModelPrefix + "a"]);
        Assert.Equal(75, index[SeriesNames.TenantPrefix + "t1"]);
    }
}
