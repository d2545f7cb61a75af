namespace AppHost.Cache;

/// <summary>Where the <c>cache</c> resource comes from, in the order they are tried in run mode.</summary>
internal enum CacheServerKind
{
    /// <summary><c>ConnectionStrings:cache</c> is configured: an existing server, nothing is started.</summary>
    External,

    /// <summary>Aspire's <c>AddRedis</c> container (always in publish mode; in run mode when a container runtime answers).</summary>
    Container,

    /// <summary><c>redis-server</c> from PATH, run by DCP.</summary>
    RedisServer,

    /// <summary>The Garnet server pinned in <c>.config/dotnet-tools.json</c>, run by DCP through <c>dotnet tool run</c>.</summary>
    Garnet,
}
