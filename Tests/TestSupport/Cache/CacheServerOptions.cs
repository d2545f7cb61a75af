namespace TestSupport.Cache;

/// <summary>How to obtain the cache server used by the tests and the benchmarks.</summary>
public sealed class CacheServerOptions
{
    /// <summary>An external server (<c>host:port[,password=...]</c>); when set, nothing is started.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Which server to use; <see cref="CacheServerKind.Auto"/> resolves in the documented order.</summary>
    public CacheServerKind Kind { get; set; } = CacheServerKind.Auto;

    /// <summary>Append-only persistence (fault scenarios) or none.</summary>
    public bool AppendOnly { get; set; }

    /// <summary>Folder for persistence files; a fresh temporary folder when null.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>How long to wait for the first successful PING.</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Garnet's main-log memory. Its default is 16 GB, far more than a developer machine should give a cache
    /// that holds rolling telemetry windows.
    /// </summary>
    public string GarnetMemory { get; set; } = "256m";

    /// <summary>Folder holding <c>.config/dotnet-tools.json</c>; found by walking up from the app when null.</summary>
    public string? ToolManifestRoot { get; set; }
}
