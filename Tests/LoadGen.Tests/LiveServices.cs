using System.Diagnostics;
using System.Globalization;

namespace LoadGen.Tests;

/// <summary>redis-server, Telemetry.Aggregator and Inference.Api as real processes on loopback ports, from this build's outputs.</summary>
public sealed class LiveServices : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("loadgen-test-").FullName;
    private readonly int _redisPort = ServiceProcess.FreePort();
    private ServiceProcess? _redis;
    private ServiceProcess? _aggregator;
    private ServiceProcess? _inference;

    /// <summary>Inference.Api base address.</summary>
    public Uri Inference { get; } = new("http://127.0.0.1:" + ServiceProcess.FreePort().ToString(CultureInfo.InvariantCulture));

    /// <summary>Telemetry.Aggregator base address.</summary>
    public Uri Aggregator { get; } = new("http://127.0.0.1:" + ServiceProcess.FreePort().ToString(CultureInfo.InvariantCulture));

    /// <summary>Both services' recent output, for failure messages.</summary>
    public string Output => $"inference:\n{_inference?.Output}\naggregator:\n{_aggregator?.Output}";

    public async Task InitializeAsync()
    {
        var redis = new ProcessStartInfo("redis-server") { WorkingDirectory = _data };
        foreach (var arg in new[] { "--port", _redisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _data, "--save", "", "--appendonly", "no" })
        {
            redis.ArgumentList.Add(arg);
        }

        _redis = ServiceProcess.Start(redis);
        _aggregator = Start("Telemetry.Aggregator", Aggregator);
        _inference = Start("Inference.Api", Inference);
        await _aggregator.WaitHealthyAsync(Aggregator);
        await _inference.WaitHealthyAsync(Inference);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { _inference, _aggregator, _redis })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        Directory.Delete(_data, recursive: true);
    }

    private ServiceProcess Start(string project, Uri endpoint)
    {
        // This test's output is <repo>/Tests/LoadGen.Tests/bin/<Configuration>/net10.0/; the services were built beside it.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var directory = Path.Combine(root, project, "bin", configuration, "net10.0");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.Combine(root, project) };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(directory, project + ".dll"));
        info.Environment["ASPNETCORE_URLS"] = endpoint.ToString().TrimEnd('/');
        info.Environment["ConnectionStrings__cache"] = "127.0.0.1:" + _redisPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["Model__IntraOpThreads"] = "1";
        // This fixture's own spool: another test's leftover events must never be replayed into this fixture's cache.
        info.Environment["Telemetry__Events__SpoolDirectory"] = Path.Combine(_data, "spool");
        // One client sends everything: lift the per-client budget (600/min by default) above the test's traffic.
        info.Environment["Auth__RequestsPerMinute"] = "1000000";
        return ServiceProcess.Start(info);
    }
}
