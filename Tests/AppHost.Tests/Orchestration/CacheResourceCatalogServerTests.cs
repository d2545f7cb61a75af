using System.Diagnostics;
using AppHost.Dashboard;
using AppHost.Hosting;
using AppHost.Orchestration;
using AppHost.Redis;

namespace AppHost.Tests.Orchestration;

/// <summary>A cache started by the orchestrator, as the dashboard lists it (needs redis-server).</summary>
public sealed class CacheResourceCatalogServerTests : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("apphost-catalog-");
    private Orchestrator _orchestrator = null!;
    private OrchestratorCatalog _catalog = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("APPHOST_DATA_DIR", _data.FullName);
        var builder = DistributedApplicationBuilder.Create(new AppHostOptions());
        builder.AddRedis("cache");
        _orchestrator = new Orchestrator(builder.Build(), new ResourceConsole());
        _catalog = new OrchestratorCatalog(_orchestrator);
        await _orchestrator.StartAllAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _orchestrator.DisposeAsync();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task TheCacheIsListedRunningWithItsEndpointAndStartUpOutput()
    {
        var row = Assert.Single(_catalog.Snapshot());

        Assert.Equal("cache", row.Type);
        Assert.Equal(ResourceStates.Running, row.State);
        Assert.Equal(ResourceStates.Healthy, row.Health);
        Assert.NotNull(row.Pid);
        Assert.StartsWith("redis://127.0.0.1:", Assert.Single(row.Endpoints));
        var stopwatch = Stopwatch.StartNew();
        while (_catalog.Console("cache") is not { LastSeq: > 0 })
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), "no cache output");
            await Task.Delay(50);
        }

        Assert.False(_catalog.TrySend("cache", ResourceCommand.Restart));
    }
}
