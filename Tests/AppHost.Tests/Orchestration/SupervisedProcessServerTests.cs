using System.Diagnostics;
using AppHost.Orchestration;
using AppHost.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests.Orchestration;

/// <summary>
/// Stop, start and restart commands against real child processes (sh), applied by the supervision loop without breaking
/// crash restarts or shutdown.
/// </summary>
public sealed class SupervisedProcessServerTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private readonly ProcessReaper _reaper = ProcessReaper.Start();

    public void Dispose() => _reaper.Dispose();

    [Fact]
    public async Task StopKeepsTheInstanceDownUntilStartBringsItBack()
    {
        await using var instance = await StartAsync("echo started; exec sleep 600");
        var first = instance.Current!.Id;
        await WaitUntilAsync(() => instance.Console.LastSeq == 1);

        instance.Send(ResourceCommand.Stop);
        await WaitUntilAsync(() => instance.State == ResourceStates.Stopped);

        Assert.Null(instance.Current);
        Assert.False(IsAlive(first));
        await Task.Delay(SupervisedProcess.InitialBackoff * 2);
        Assert.Equal(ResourceStates.Stopped, instance.State);
        Assert.Equal(0, instance.Restarts);

        instance.Send(ResourceCommand.Start);
        await WaitUntilAsync(() => instance.State == ResourceStates.Running && instance.Current is not null);

        Assert.NotEqual(first, instance.Current!.Id);
        await WaitUntilAsync(() => instance.Console.After(0).Count(l => l.Text == "started") == 2, () => string.Join(" | ", instance.Console.After(0).Select(l => l.Text)));
    }

    [Fact]
    public async Task RestartReplacesTheProcessCountsItAndNotesItInTheConsole()
    {
        await using var instance = await StartAsync("echo started; exec sleep 600");
        var first = instance.Current!.Id;

        instance.Send(ResourceCommand.Restart);
        await WaitUntilAsync(() => instance.Restarts == 1 && instance.Current is { } p && p.Id != first && instance.State == ResourceStates.Running);

        Assert.False(IsAlive(first));
        Assert.Contains(instance.Console.After(0), l => l.Text.Contains("restarting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACrashingInstanceIsRestartedAndAStopDuringTheBackOffKeepsItDown()
    {
        await using var instance = await StartAsync("echo up; exit 3");

        await WaitUntilAsync(() => instance.Restarts >= 2);
        Assert.Contains(instance.Console.After(0), l => l.Text.Contains("exited with code 3", StringComparison.Ordinal));

        instance.Send(ResourceCommand.Stop);
        await WaitUntilAsync(() => instance.State == ResourceStates.Stopped);
        var restarts = instance.Restarts;
        await Task.Delay(SupervisedProcess.InitialBackoff * 3);

        Assert.Equal(ResourceStates.Stopped, instance.State);
        Assert.Equal(restarts, instance.Restarts);
    }

    [Fact]
    public async Task ShutdownAfterCommandsStopsTheCurrentProcess()
    {
        var instance = await StartAsync("exec sleep 600");
        instance.Send(ResourceCommand.Restart);
        await WaitUntilAsync(() => instance.Restarts == 1 && instance.State == ResourceStates.Running);
        var pid = instance.Current!.Id;

        await instance.DisposeAsync();

        Assert.False(IsAlive(pid));
        Assert.Equal(ResourceStates.Stopped, instance.State);
    }

    [Fact]
    public async Task HealthIsRecheckedWhileRunningAndTurnsUnhealthyWhenHealthFails()
    {
        var healthy = true;
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        await using var health = builder.Build();
        health.MapGet("/health", () => Volatile.Read(ref healthy) ? Results.Ok() : Results.StatusCode(503));
        await health.StartAsync();
        await using var instance = await StartAsync("exec sleep 600", new Uri($"http://127.0.0.1:{port}"));
        Assert.Equal(ResourceStates.Healthy, instance.Health);

        Volatile.Write(ref healthy, false);
        await WaitUntilAsync(() => instance.Health == ResourceStates.Unhealthy);
        Volatile.Write(ref healthy, true);
        await WaitUntilAsync(() => instance.Health == ResourceStates.Healthy);

        Assert.Equal(ResourceStates.Running, instance.State);
    }

    private async Task<SupervisedProcess> StartAsync(string script, Uri? healthEndpoint = null)
    {
        ProcessStartInfo StartInfo()
        {
            var info = new ProcessStartInfo("/bin/sh");
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(script);
            return info;
        }

        var instance = new SupervisedProcess("sh-" + Guid.NewGuid().ToString("N")[..6], StartInfo, healthEndpoint, new ResourceConsole(), _reaper);
        await instance.StartAsync(s_wait, CancellationToken.None);
        return instance;
    }

    private static bool IsAlive(int pid)
    {
        // A reaped process has no /proc entry; a zombie would show state Z.
        var stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && !File.ReadAllText(stat).Contains(") Z ", StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string>? describe = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(stopwatch.Elapsed < s_wait, "condition not met in time. " + describe?.Invoke());
            await Task.Delay(50);
        }
    }
}
