namespace AppHost.Cache;

/// <summary>Which cache the AppHost runs, and the reason given to the user in one log line.</summary>
internal sealed record CacheChoice(CacheServerKind Kind, string Reason)
{
    /// <summary>
    /// The documented order: a configured connection string; else, in publish mode or with a healthy container
    /// runtime, Aspire's Redis container; else <c>redis-server</c> from PATH; else the pinned Garnet tool.
    /// The probes are functions so that nothing is run that the answer does not need.
    /// </summary>
    public static CacheChoice Make(bool publishMode, string? connectionString, Func<string?> containerRuntime, Func<string?> redisServerPath)
    {
        if (publishMode)
        {
            return new(CacheServerKind.Container, "publish mode always describes Redis as Aspire's container (AddRedis)");
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new(CacheServerKind.External, "ConnectionStrings:cache is configured, so that server is used and none is started");
        }

        if (containerRuntime() is { } runtime)
        {
            return new(CacheServerKind.Container, $"the container runtime '{runtime}' is healthy, so Aspire's Redis container runs");
        }

        if (redisServerPath() is { } path)
        {
            return new(CacheServerKind.RedisServer, $"no healthy container runtime; running {path}");
        }

        return new(CacheServerKind.Garnet, "no healthy container runtime and no redis-server on PATH; running the pinned garnet-server tool");
    }
}
