using System.Diagnostics;
using AppHost.Processes;

namespace AppHost.Orchestration;

/// <summary>
/// One running instance of a resource: started, waited on until healthy, and restarted with exponential
/// back-off when it exits on its own. Each restart is counted and announced.
/// </summary>
internal sealed class SupervisedProcess : IAsyncDisposable
{
    /// <summary>First restart delay; doubles per consecutive crash up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between restarts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>A process that stayed up this long resets the back-off.</summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(60);

    private readonly Func<ProcessStartInfo> _startInfo;
    private readonly Uri? _healthEndpoint;
    private readonly ResourceConsole _console;
    private readonly ProcessReaper _reaper;
    private readonly CancellationTokenSource _stopping = new();
    private Task _supervision = Task.CompletedTask;
    private int _consecutiveCrashes;

    public SupervisedProcess(string name, Func<ProcessStartInfo> startInfo, Uri? healthEndpoint, ResourceConsole console, ProcessReaper reaper)
    {
        Name = name;
        _startInfo = startInfo;
        _healthEndpoint = healthEndpoint;
        _console = console;
        _reaper = reaper;
    }

    /// <summary>Instance name (resource name, with the replica index when there are several).</summary>
    public string Name { get; }

    /// <summary>The current process.</summary>
    public ChildProcess? Current { get; private set; }

    /// <summary>How many times it was restarted after exiting on its own.</summary>
    public int Restarts { get; private set; }

    /// <summary>When the current process started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Starts the process, waits for health, then supervises it in the background.</summary>
    public async Task StartAsync(TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        Launch();
        if (_healthEndpoint is not null)
        {
            await HealthProbe.WaitHealthyAsync(Name, _healthEndpoint, Current!, readyTimeout, cancellationToken);
        }

        _supervision = SuperviseAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (Current is { } process)
        {
            await process.DisposeAsync();
            _reaper.Unregister(process.Id);
        }

        await _supervision;
        _stopping.Dispose();
    }

    private void Launch()
    {
        var process = ChildProcess.Start(Name, _startInfo());
        process.LineReceived += _console.Echo;
        _reaper.Register(process.Id);
        Current = process;
        StartedAt = DateTimeOffset.UtcNow;
    }

    private async Task SuperviseAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var process = Current!;
            try
            {
                await process.WaitForExitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _reaper.Unregister(process.Id);
            _consecutiveCrashes = DateTimeOffset.UtcNow - StartedAt >= StableAfter ? 1 : _consecutiveCrashes + 1;
            var delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, InitialBackoff.Ticks << Math.Min(_consecutiveCrashes - 1, 16)));
            Restarts++;
            _console.Restarting(Name, process.ExitCode, delay, Restarts);
            await process.DisposeAsync();
            try
            {
                await Task.Delay(delay, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Launch();
        }
    }
}
