using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Telemetry.Aggregator.Ingest;
using Telemetry.Aggregator.Stats;
using Telemetry.Aggregator.Storage;

namespace Telemetry.Aggregator.Tests.Support;

/// <summary>An aggregator replica in the test process: consumers and a stats service over one connection.</summary>
internal sealed class Aggregation(IConnectionMultiplexer connection, TimeProvider time, AggregatorOptions? options = null)
{
    public AggregatorOptions Options { get; } = options ?? new AggregatorOptions { BatchSize = 500, LeaseTimeout = TimeSpan.FromSeconds(30) };

    public IConnectionMultiplexer Connection => connection;

    public IDatabase Redis { get; } = connection.GetDatabase();

    public StatsService Stats { get; } = new(new WindowReader(() => connection.GetDatabase()), time);

    public QueueConsumer Consumer(string id) => new(Redis, Options, new AggregatorMetrics(), time, NullLogger.Instance, id);

    /// <summary>Processes batches until the queue is empty (bounded); returns the entries handled.</summary>
    public static async Task<int> DrainAsync(QueueConsumer consumer)
    {
        var total = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var handled = await consumer.ProcessBatchAsync(CancellationToken.None);
            if (handled == 0)
            {
                return total;
            }

            total += handled;
        }

        throw new TimeoutException("The queue did not drain within 10 000 batches.");
    }

    /// <summary>A counter of the shared ingest hash.</summary>
    public async Task<long> IngestCounterAsync(string field) =>
        (long?)await Redis.HashGetAsync(ServiceDefaults.Events.EventQueueKeys.Stats, field) ?? 0;
}
