using System.Diagnostics;
using Benchmarks.Faults;
using TestSupport.Processes;
using Xunit.Abstractions;

using Tests.Shared;

namespace EndToEnd.Tests;

/// <summary>
/// Stopping the AppHost, gently (Ctrl+C) or not (SIGKILL), leaves no service, cache, DCP or dashboard process behind.
/// After a SIGKILL it is DCP's own monitors that clean up (the AppHost gets no chance to), within a minute.
/// </summary>
[Collection(AppHostProcessCollection.Name)]
public sealed class AppHostLifecycleServerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_cleanupTimeout = TimeSpan.FromSeconds(60);

    // Each probe scans /proc: a few times a second is plenty.
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(200);

    [Theory]
    [InlineData("INT")]
    [InlineData("KILL")]
    public async Task StoppingTheAppHostLeavesNoProcessOfItsTopologyRunning(string signal)
    {
        await using var apphost = await AppHostRun.StartAsync();
        IReadOnlyList<int> processes = [];
        await Eventually.TrueAsync(() =>
        {
            processes = apphost.Processes();
            return Has(processes, "Inference.Api/bin/") && Has(processes, "Telemetry.Aggregator/bin/") && Has(processes, "Aspire.Dashboard") && Has(processes, "redis-server");
        }, "every process of the topology to run", TimeSpan.FromMinutes(2), () => string.Join(" | ", processes.Select(ProcessTree.CommandLine)), s_poll);
        processes = apphost.Processes();
        // Ctrl+C as a user presses it, once the AppHost says it has started.
        await apphost.WaitForLineAsync("Distributed application started", TimeSpan.FromMinutes(3));

        var clock = Stopwatch.StartNew();
        Signals.Send(apphost.Process.Id, signal);
        List<int> alive = [.. processes];
        await Eventually.TrueAsync(() => (alive = [.. processes.Where(ProcessTree.IsAlive)]).Count == 0, $"every process to be gone after SIG{signal}", s_cleanupTimeout,
            () => "still running: " + string.Join(" | ", alive.Select(pid => $"{pid} {ProcessTree.CommandLine(pid)}")), s_poll);

        output.WriteLine($"SIG{signal}: all {processes.Count} processes gone {clock.Elapsed.TotalSeconds:0.0} s after the signal");
        if (signal == "INT")
        {
            Assert.Equal(0, apphost.Process.ExitCode);
        }
    }

    private static bool Has(IReadOnlyList<int> processes, string marker) =>
        processes.Any(pid => ProcessTree.CommandLine(pid).Contains(marker, StringComparison.Ordinal));
}
