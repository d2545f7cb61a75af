using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using Telemetry.Aggregator.Alerts;
using Telemetry.Aggregator.Ingest;
using Telemetry.Aggregator.Stats;
using Telemetry.Aggregator.Storage;

namespace Telemetry.Aggregator;

/// <summary>Registers the consumer, the queue monitor, the stats API and its gauges.</summary>
internal static class AggregatorExtensions
{
    /// <summary>Health check name of the consumer lag check.</summary>
    public const string ConsumerCheck = "consumer";

    /// <summary>Adds the aggregator's services (options validated on start).</summary>
    public static IHostApplicationBuilder AddAggregator(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AggregatorOptions>().Bind(builder.Configuration.GetSection(AggregatorOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // The cache client's database (AddCacheClient registers the multiplexer), resolved per use.
        builder.Services.AddSingleton<Func<IDatabase>>(sp => () => sp.GetRequiredService<IConnectionMultiplexer>().GetDatabase());
        // The queue consumers' own connection to the same cache, untraced (see CacheClientExtensions.BackgroundServiceKey).
        builder.Services.AddKeyedSingleton<Func<IDatabase>>(CacheClientExtensions.BackgroundServiceKey, (sp, _) =>
            () => sp.GetRequiredKeyedService<IConnectionMultiplexer>(CacheClientExtensions.BackgroundServiceKey).GetDatabase());
        builder.Services.AddSingleton<AggregatorMetrics>();
        builder.Services.AddSingleton<WindowReader>();
        builder.Services.AddSingleton<StatsService>();
        builder.Services.AddSingleton<QueueMonitor>();
        builder.Services.AddSingleton<WindowGauges>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueMonitor>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WindowGauges>());
        builder.Services.AddHostedService<ConsumerService>();
        builder.Services.AddOptions<AlertsOptions>().Bind(builder.Configuration.GetSection(AlertsOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AlertsOptions>, AlertsOptionsValidator>();
        builder.Services.AddSingleton<RuleJudge>();
        builder.Services.AddSingleton<AlertStore>();
        // The notifier retries with its own back-off, logged per attempt and rate-limited across rules; the defaults'
        // standard resilience handler would multiply its attempts (3 x 4), so this one client goes without it. The
        // removal API is marked experimental (EXTEXP0001) and is the package's only way to opt a client out.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<WebhookNotifier>(c => c.Timeout = TimeSpan.FromSeconds(10)).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<AlertEvaluator>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertEvaluator>());
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            ConsumerCheck, sp => sp.GetRequiredService<QueueMonitor>(), Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, [Microsoft.Extensions.Hosting.CacheClientExtensions.ConnectionName]));
        return builder;
    }
}
