using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;
using AppHost.Processes;

namespace AppHost.Orchestration;

/// <summary>
/// One running instance of a resource: started, waited on until healthy, and restarted with exponential back-off when it
/// exits on its own. Each restart is counted and announced. The dashboard's stop/start/restart commands are queued and
/// applied by the same supervision loop, so only that loop ever launches or disposes a process.
/// </summary>
internal sealed class SupervisedProcess : IAsyncDisposable
{
    /// <summary>First restart delay; doubles per consecutive crash up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between restarts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>A process that stayed up this long resets the back-off.</summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(60);

    /// <summary>How often a running instance's <c>/health</c> is checked after it first became healthy.</summary>
    public static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(5);

    private readonly Func<ProcessStartInfo> _startInfo;
    private readonly ResourceConsole _console;
    private readonly ProcessReaper _reaper;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<ResourceCommand> _commands = Channel.CreateUnbounded<ResourceCommand>();
    private Task _supervision = Task.CompletedTask;
    private Task _healthWatch = Task.CompletedTask;
    private Task<bool>? _commandWait;
    private TimeSpan _readyTimeout;
    private int _consecutiveCrashes;
    private int _restarts;

    public SupervisedProcess(string name, Func<ProcessStartInfo> startInfo, Uri? healthEndpoint, ResourceConsole console, ProcessReaper reaper)
    {
        Name = name;
        _startInfo = startInfo;
        HealthEndpoint = healthEndpoint;
        _console = console;
        _reaper = reaper;
    }

    /// <summary>Instance name (resource name, with the replica index when there are several).</summary>
    public string Name { get; }

    /// <summary>The HTTP endpoint probed for <c>/health</c>, when it has one.</summary>
    public Uri? HealthEndpoint { get; }

    /// <summary>The current process; null while stopped.</summary>
    public ChildProcess? Current { get; private set; }

    /// <summary>How many times it was restarted (after exiting on its own, or on request).</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>When the current process started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>One of <see cref="ResourceStates"/>' states.</summary>
    public string State { get; private set; } = ResourceStates.Starting;

    /// <summary>One of <see cref="ResourceStates"/>' health values.</summary>
    public string Health { get; private set; } = ResourceStates.Unknown;

    /// <summary>Console lines across restarts.</summary>
    public ConsoleLog Console { get; } = new();

    /// <summary>Starts the process, waits for health, then supervises it in the background.</summary>
    public async Task StartAsync(TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        _readyTimeout = readyTimeout;
        Launch();
        if (HealthEndpoint is not null)
        {
            await HealthProbe.WaitHealthyAsync(Name, HealthEndpoint, Current!, readyTimeout, cancellationToken);
            Health = ResourceStates.Healthy;
        }

        State = ResourceStates.Running;
        _supervision = SuperviseAsync(_stopping.Token);
        if (HealthEndpoint is not null)
        {
            _healthWatch = HealthProbe.WatchAsync(HealthEndpoint, () => State == ResourceStates.Running,
                healthy => Health = healthy ? ResourceStates.Healthy : ResourceStates.Unhealthy, HealthInterval, _stopping.Token);
        }
    }

    /// <summary>Queues a command for the supervision loop (applied within moments, after any health wait in progress).</summary>
    public void Send(ResourceCommand command) => _commands.Writer.TryWrite(command);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _commands.Writer.TryComplete();
        await _supervision;
        await _healthWatch;
        if (Current is { } process)
        {
            await RetireAsync(process);
        }

        State = ResourceStates.Stopped;
        Health = ResourceStates.Unknown;
        _stopping.Dispose();
    }

    private void Launch()
    {
        var process = ChildProcess.Start(Name, _startInfo(), onLine: (child, line) =>
        {
            Console.Add(line);
            _console.Echo(child, line);
        });
        _reaper.Register(process.Id);
        Current = process;
        StartedAt = DateTimeOffset.UtcNow;
    }

    private async Task RetireAsync(ChildProcess process)
    {
        await process.DisposeAsync();
        _reaper.Unregister(process.Id);
        Current = null;
    }

    private async Task SuperviseAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (Current is not { } process)
                {
                    // Stopped or failed: only a command brings it back.
                    await CommandAvailable(stop);
                    if (_commands.Reader.TryRead(out var command) && command != ResourceCommand.Stop)
                    {
                        await LaunchAndProbeAsync(stop);
                    }

                    continue;
                }

                var exited = process.WaitForExitAsync(stop);
                await Task.WhenAny(exited, CommandAvailable(stop));
                stop.ThrowIfCancellationRequested();
                if (!exited.IsCompleted)
                {
                    await ApplyAsync(process, stop);
                    continue;
                }

                await RestartAfterCrashAsync(process, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutdown: DisposeAsync stops the current process.
        }
    }

    private async Task ApplyAsync(ChildProcess process, CancellationToken stop)
    {
        if (!_commands.Reader.TryRead(out var command) || command == ResourceCommand.Start)
        {
            return;
        }

        State = command == ResourceCommand.Stop ? State : ResourceStates.Restarting;
        Console.Add($"AppHost: {(command == ResourceCommand.Stop ? "stopping" : "restarting")} {Name} on request from the dashboard");
        await RetireAsync(process);
        Health = ResourceStates.Unknown;
        if (command == ResourceCommand.Stop)
        {
            State = ResourceStates.Stopped;
            return;
        }

        Interlocked.Increment(ref _restarts);
        await LaunchAndProbeAsync(stop);
    }

    private async Task RestartAfterCrashAsync(ChildProcess process, CancellationToken stop)
    {
        var exitCode = process.ExitCode;
        await RetireAsync(process);
        _consecutiveCrashes = DateTimeOffset.UtcNow - StartedAt >= StableAfter ? 1 : _consecutiveCrashes + 1;
        var delay = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, InitialBackoff.Ticks << Math.Min(_consecutiveCrashes - 1, 16)));
        var restarts = Interlocked.Increment(ref _restarts);
        State = ResourceStates.Restarting;
        Health = ResourceStates.Unknown;
        _console.Restarting(Name, exitCode, delay, restarts);
        Console.Add($"AppHost: {Name} exited with code {exitCode}; restart #{restarts} in {delay.TotalSeconds:0.#} s");

        // The back-off is cut short by a command: stop keeps it down, start or restart launches now.
        var backoff = Task.Delay(delay, stop);
        await Task.WhenAny(backoff, CommandAvailable(stop));
        stop.ThrowIfCancellationRequested();
        if (!backoff.IsCompleted && _commands.Reader.TryRead(out var command) && command == ResourceCommand.Stop)
        {
            State = ResourceStates.Stopped;
            return;
        }

        await LaunchAndProbeAsync(stop);
    }

    private async Task LaunchAndProbeAsync(CancellationToken stop)
    {
        try
        {
            Launch();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            State = ResourceStates.Failed;
            Console.Add($"AppHost: could not start {Name}: {e.Message}");
            return;
        }

        State = ResourceStates.Starting;
        if (HealthEndpoint is null)
        {
            State = ResourceStates.Running;
            return;
        }

        try
        {
            await HealthProbe.WaitHealthyAsync(Name, HealthEndpoint, Current!, _readyTimeout, stop);
            Health = ResourceStates.Healthy;
        }
        catch (InvalidOperationException)
        {
            // Exited before it was healthy: the loop sees the exit and restarts it with back-off.
            return;
        }
        catch (TimeoutException)
        {
            Health = ResourceStates.Unhealthy;
        }

        State = ResourceStates.Running;
    }

    // One outstanding wait at a time, reused across loop turns, so waiting never piles up registrations.
    private Task<bool> CommandAvailable(CancellationToken stop) =>
        _commandWait is { IsCompleted: false } pending ? pending : _commandWait = _commands.Reader.WaitToReadAsync(stop).AsTask();
}
