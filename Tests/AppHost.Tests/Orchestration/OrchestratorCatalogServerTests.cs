using System.Diagnostics;
using AppHost.Dashboard;
using AppHost.Dashboard.Otlp;
using AppHost.Executables;
using AppHost.Hosting;
using AppHost.Orchestration;

namespace AppHost.Tests.Orchestration;

/// <summary>The dashboard's view of a real orchestrator running an executable resource (sh).</summary>
public sealed class OrchestratorCatalogServerTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private Orchestrator _orchestrator = null!;
    private OrchestratorCatalog _catalog = null!;

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationBuilder.Create(new AppHostOptions());
        builder.AddExecutable("ticker", "/bin/sh", Path.GetTempPath(), "-c", "echo tick; exec sleep 600");
        _orchestrator = new Orchestrator(builder.Build(), new ResourceConsole());
        _catalog = new OrchestratorCatalog(_orchestrator);
        await _orchestrator.StartAllAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _orchestrator.DisposeAsync();

    [Fact]
    public async Task AnExecutableIsListedRunningWithItsPidAndConsole()
    {
        var row = Assert.Single(_catalog.Snapshot());

        Assert.Equal("ticker", row.Instance);
        Assert.Equal("executable", row.Type);
        Assert.Equal(ResourceStates.Running, row.State);
        Assert.NotNull(row.Pid);
        await WaitUntilAsync(() => _catalog.Console("ticker")!.After(0).Any(l => l.Text == "tick"));
        Assert.Null(_catalog.Console("nobody"));
    }

    [Fact]
    public async Task AStopCommandThroughTheCatalogStopsTheProcess()
    {
        Assert.True(_catalog.TrySend("ticker", ResourceCommand.Stop));
        Assert.False(_catalog.TrySend("nobody", ResourceCommand.Stop));

        await WaitUntilAsync(() => _catalog.Snapshot()[0].State == ResourceStates.Stopped);
        Assert.Null(_catalog.Snapshot()[0].Pid);
    }

    [Fact]
    public void TelemetryFromAnUnknownInstanceIsFiledUnderItsServiceName()
    {
        var resource = new OtlpResource(new Dictionary<string, string> { ["service.name"] = "inference", ["service.instance.id"] = "unknown" });

        Assert.Equal("inference", _catalog.ResourceName(resource));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(stopwatch.Elapsed < s_wait, "condition not met in time");
            await Task.Delay(50);
        }
    }
}
