using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using TestSupport.Processes;

namespace EndToEnd.Tests;

/// <summary>
/// What Aspire does when a service dies: DCP does not restart a project by itself; the resource shows as exited with
/// its exit code, and the dashboard's start command brings it back.
/// </summary>
[Collection(AspireFaultCollection.Name)]
public sealed class AspireFaultServerTests(AspireApp aspire)
{
    private static readonly TimeSpan s_stateTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AKilledServiceShowsAsExitedWithItsCodeAndTheStartCommandBringsItBack()
    {
        var running = await aspire.WaitForAsync("inference", e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) > 0, s_stateTimeout);
        var service = ProcessTree.WithDescendants([Pid(running)]).Single(pid => ProcessTree.CommandLine(pid).Contains("Inference.Api/bin/", StringComparison.Ordinal)
            && !ProcessTree.CommandLine(pid).StartsWith("dotnet run", StringComparison.Ordinal));

        Benchmarks.Faults.Signals.Send(service, "KILL");

        var exited = await aspire.WaitForAsync("inference", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), s_stateTimeout);
        Assert.NotEqual(0, exited.Snapshot.ExitCode);
        Assert.False(ProcessTree.IsAlive(service));

        var result = await aspire.ExecuteCommandAsync("inference", KnownResourceCommands.StartCommand);

        Assert.True(result.Success, result.Message);
        using var timeout = new CancellationTokenSource(s_stateTimeout);
        await aspire.App.ResourceNotifications.WaitForResourceHealthyAsync("inference", timeout.Token);
        using var inference = aspire.Client("inference");
        Assert.Equal(HttpStatusCode.OK, (await inference.PostAsJsonAsync("/generate", new { prompt = "In the beginning", max_tokens = 2 })).StatusCode);
    }

    private static int Pid(ResourceEvent e) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : -1;
}
