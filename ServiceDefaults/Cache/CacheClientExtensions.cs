using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Trace;
using ServiceDefaults.Telemetry;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The cache client both services use: <c>Aspire.StackExchange.Redis</c> with the settings they rely on (one place, so
/// the queue's producer and consumer connect alike).
/// </summary>
public static class CacheClientExtensions
{
    /// <summary>The connection name (<c>ConnectionStrings:cache</c>), also the name and tag of its health check.</summary>
    public const string ConnectionName = "cache";

    /// <summary>
    /// The service key of the second, untraced connection to the same cache (<c>[FromKeyedServices]</c>), for the
    /// high-volume background loops: the aggregator's queue consumers and the inference service's event publisher.
    /// Their commands run outside any trace, so tracing would only drop them (<see cref="BackgroundCacheSpanFilter"/>),
    /// and not before the instrumentation had created a span for each and kept the command, arguments included, in its
    /// profiling session until its next flush (every 10 s; Aspire's copy of the instrumentation does not expose the
    /// interval): draining a backlog, the aggregator's RSS peaked at 711-765 MB that way and at 198 MB on this
    /// connection (bench/results/2026-12-06-ingest.md, Session 8). It is a plain StackExchange.Redis connection with the
    /// same options, because Aspire's keyed client registers the instrumentation's profiler even with tracing disabled
    /// in its settings. With <c>Telemetry:Tracing:BackgroundCacheSpans=true</c> this key is the traced connection
    /// itself, so every background command is traced.
    /// </summary>
    public const string BackgroundServiceKey = "cache-background";

    /// <summary>
    /// Registers <see cref="IConnectionMultiplexer"/> for <c>ConnectionStrings:cache</c> with its tracing (commands
    /// issued outside any trace are dropped unless <c>Telemetry:Tracing:BackgroundCacheSpans</c> is true; see
    /// <see cref="BackgroundCacheSpanFilter"/>), the same cache untraced under <see cref="BackgroundServiceKey"/>, and
    /// the package's Redis health check as <c>cache</c>, Degraded when the cache is away: the inference service still
    /// serves (its events spool to disk until the cache returns) and the aggregator still answers from what it has.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IHostApplicationBuilder AddCacheClient(this IHostApplicationBuilder builder)
    {
        var keepBackgroundSpans = builder.Configuration.GetValue<bool>(BackgroundCacheSpanFilter.KeepSetting);
        builder.AddRedisClient(
            ConnectionName,
            settings =>
            {
                // Connected on first use, not at start: without ConnectionStrings:cache the service still starts and the
                // health check below names the missing setting (the connection factory's message).
                settings.DisableAutoActivation = true;
                // Registered below under our name, tag and failure status instead of the package's Unhealthy one.
                settings.DisableHealthChecks = true;
            },
            options => Configure(options, builder));
        if (keepBackgroundSpans)
        {
            builder.Services.AddKeyedSingleton(BackgroundServiceKey, (sp, _) => sp.GetRequiredService<IConnectionMultiplexer>());
        }
        else
        {
            builder.Services.AddKeyedSingleton<IConnectionMultiplexer>(BackgroundServiceKey, (sp, _) => ConnectUntraced(sp, builder));
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddProcessor(new BackgroundCacheSpanFilter()));
        }

        builder.Services.AddHealthChecks().AddRedis(
            sp => sp.GetRequiredService<IConnectionMultiplexer>(), ConnectionName, HealthStatus.Degraded, [ConnectionName]);
        return builder;
    }

    private static ConnectionMultiplexer ConnectUntraced(IServiceProvider services, IHostApplicationBuilder builder)
    {
        var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"ConnectionString is missing. It should be provided in 'ConnectionStrings:{ConnectionName}'.");
        }

        var options = ConfigurationOptions.Parse(connectionString);
        Configure(options, builder);
        return ConnectionMultiplexer.Connect(options);
    }

    private static void Configure(ConfigurationOptions options, IHostApplicationBuilder builder)
    {
        // Start and keep reconnecting in the background while the cache is down (Aspire's default too).
        options.AbortOnConnectFail = false;
        // While disconnected, commands fail at once instead of waiting in the client's backlog: the event
        // publisher spools the batch to disk (replayed in order when the cache is back), the consumers back off
        // and the gauges keep their last values rather than stalling on a queue of stale reads.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= builder.Environment.ApplicationName;
        // The client's connect handshake (AUTH, CLIENT SETNAME/SETINFO, INFO, CONFIG GET, ECHO, its tracer
        // channel) works against Garnet as it is (the queue suites run on redis-server and Garnet), so no
        // command is mapped off here; Garnet needs only --lua-transaction-mode for the scripts.
    }
}
