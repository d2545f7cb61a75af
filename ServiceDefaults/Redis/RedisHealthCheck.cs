using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceDefaults.Redis;

/// <summary>A real round trip: PING with a short timeout. Failure reports the registration's failure status (Degraded).</summary>
internal sealed class RedisHealthCheck(Func<RedisClient> client) : IHealthCheck
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_timeout);
            // Resolved per check: a missing connection string is reported here (Degraded), not as a crash.
            var redis = client();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var reply = await redis.ExecuteAsync("PING", [], timeout.Token);
            return reply.AsString() == "PONG"
                ? HealthCheckResult.Healthy($"PONG from {redis.Options} in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0} ms")
                : new HealthCheckResult(context.Registration.FailureStatus, $"Unexpected PING reply from {redis.Options}: {reply}");
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or RedisServerException or OperationCanceledException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Cache unreachable: {e.Message}");
        }
    }
}
