namespace TestSupport.Cache;

/// <summary>Where the cache comes from.</summary>
public enum CacheServerKind
{
    /// <summary>Resolve: a configured connection string, else redis-server from PATH, else Garnet.</summary>
    Auto,

    /// <summary>An already running server named by a connection string.</summary>
    External,

    /// <summary><c>redis-server</c> found on PATH.</summary>
    Redis,

    /// <summary>The <c>garnet-server</c> .NET tool pinned in <c>.config/dotnet-tools.json</c>.</summary>
    Garnet,
}
