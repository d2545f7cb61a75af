using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceDefaults.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>The cache integration, as Aspire.StackExchange.Redis would give it: client, health check and command traces.</summary>
public static class RedisClientExtensions
{
    /// <summary>Health check tag of the cache check.</summary>
    public const string CacheTag = "cache";

    /// <summary>
    /// Registers the cache client for <c>ConnectionStrings:{connectionName}</c> (read when first used, so a missing
    /// setting fails with a message naming it) and a <c>cache</c> health check answering Degraded when it is down:
    /// services keep serving while the cache is away.
    /// </summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.Services.AddSingleton(sp =>
        {
            var connectionString = builder.Configuration.GetConnectionString(connectionName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:{connectionName} is not set (environment ConnectionStrings__{connectionName}=host:port): the cache is required.");
            }

            return new RedisClient(RedisOptions.Parse(connectionString) with { ClientName = builder.Environment.ApplicationName });
        });
        // The client's command spans, as Aspire's integration adds its own source to tracing.
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(RedisClient.ActivitySource.Name));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName, sp => new RedisHealthCheck(sp.GetRequiredService<RedisClient>), HealthStatus.Degraded, [CacheTag]));
        return builder;
    }
}
