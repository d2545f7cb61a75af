using System.Diagnostics;
using TestSupport.Cache;

namespace TestSupport.Processes;

/// <summary>
/// A cache, the aggregator and the inference API as real processes on loopback (Kestrel, not a test server), from
/// this build's outputs: the class fixture of the end-to-end and load generator tests.
/// </summary>
public sealed class Services : IAsyncLifetime
{
    private readonly DirectoryInfo _spool = Directory.CreateTempSubdirectory("e2e-spool-");
    private CacheServer _cache = null!;
    private ChildProcess _aggregator = null!;
    private ChildProcess _inference = null!;

    public Uri Inference { get; } = new("http://127.0.0.1:" + FreePort.Next());

    public Uri Aggregator { get; } = new("http://127.0.0.1:" + FreePort.Next());

    public async Task InitializeAsync()
    {
        _cache = await CacheServer.StartAsync(new CacheServerOptions { Kind = CacheServerKind.Redis });
        _aggregator = Start("Telemetry.Aggregator", Aggregator);
        _inference = Start("Inference.Api", Inference);
        await HealthProbe.WaitHealthyAsync("aggregator", Aggregator, _aggregator, TimeSpan.FromSeconds(60), CancellationToken.None);
        await HealthProbe.WaitHealthyAsync("inference", Inference, _inference, TimeSpan.FromSeconds(60), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _inference.DisposeAsync();
        await _aggregator.DisposeAsync();
        await _cache.DisposeAsync();
        _spool.Delete(recursive: true);
    }

    /// <summary>What each service printed, for failure messages.</summary>
    public string Output => $"inference:\n{_inference.Output}\naggregator:\n{_aggregator.Output}";

    /// <summary>True while both processes run.</summary>
    public bool BothAlive => !_inference.HasExited && !_aggregator.HasExited;

    private ChildProcess Start(string project, Uri endpoint)
    {
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet")!) { WorkingDirectory = Path.Combine(RepositoryLayout.RepoRoot, project) };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(RepositoryLayout.RepoRoot, project, "bin", RepositoryLayout.Configuration, "net10.0", project + ".dll"));
        info.Environment["ASPNETCORE_URLS"] = endpoint.ToString().TrimEnd('/');
        info.Environment["ConnectionStrings__cache"] = _cache.ConnectionString;
        info.Environment["Model__IntraOpThreads"] = "1";
        // One client sends every request of a test: lift the per-client budget (600/min by default) above any test's traffic.
        info.Environment["Auth__RequestsPerMinute"] = "1000000";
        // This fixture's own spool: another test's leftover events must never be replayed into this fixture's cache.
        info.Environment["Telemetry__Events__SpoolDirectory"] = _spool.FullName;
        return ChildProcess.Start(project, info);
    }
}
