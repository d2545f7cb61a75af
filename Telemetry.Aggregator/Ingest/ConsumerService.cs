using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// Runs this instance's consumer loops and the reclaimer. Any number of instances share the queue: each claims its
/// own batches, and each reclaims the batches of consumers whose lease expired. They use the cache client's untraced
/// connection (<see cref="CacheClientExtensions.BackgroundServiceKey"/>).
/// </summary>
internal sealed class ConsumerService(
    [FromKeyedServices(CacheClientExtensions.BackgroundServiceKey)] Func<IDatabase> cache, IOptions<AggregatorOptions> options, AggregatorMetrics metrics, TimeProvider time, ILogger<ConsumerService> logger)
    : BackgroundService
{
    /// <summary>A process-unique prefix for consumer ids: host, pid and a random part (a restarted process gets new ids).</summary>
    public static string NewInstanceId() => $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        IDatabase client;
        try
        {
            client = cache();
        }
        catch (InvalidOperationException e)
        {
            // No cache configured: nothing to consume. The cache health check reports it (Degraded) with this reason.
            AggregatorLog.MonitorFailed(logger, e.Message);
            return;
        }

        var instance = NewInstanceId();
        var consumers = Enumerable.Range(0, settings.Consumers)
            .Select(i => new QueueConsumer(client, settings, metrics, time, logger, $"{instance}-{i}"))
            .ToArray();
        AggregatorLog.ConsumersStarted(logger, consumers.Length, consumers[0].Id, settings.BatchSize, settings.LeaseTimeout);

        var loops = consumers.Select(c => Task.Run(() => c.RunAsync(stoppingToken), CancellationToken.None)).ToList();
        loops.Add(ReclaimLoopAsync(consumers[0], settings, stoppingToken));
        await Task.WhenAll(loops);
    }

    private async Task ReclaimLoopAsync(QueueConsumer consumer, AggregatorOptions settings, CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, settings.LeaseTimeout.Ticks / 2));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, time, stoppingToken);
                await consumer.ReclaimExpiredAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RedisException or RedisTimeoutException)
            {
                AggregatorLog.MonitorFailed(logger, e.Message);
            }
        }
    }
}
