using System.Diagnostics;

namespace TestSupport.Processes;

/// <summary>
/// A process started by a test or a benchmark: its console output is captured line by line into a bounded buffer,
/// and disposing it stops it (SIGTERM, then SIGKILL of the whole tree after a grace period).
/// It is started through <c>setsid</c>, so it leads its own process group: signals reach its descendants too,
/// and the terminal's Ctrl+C reaches only the parent, which then stops children in order.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>How long a child gets to exit after SIGTERM before it is killed.</summary>
    public static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private int? _exitCode;

    private ChildProcess(string name, Process process, int outputCapacity)
    {
        Name = name;
        _process = process;
        Output = new OutputBuffer(outputCapacity);
    }

    /// <summary>The resource name shown in logs and errors.</summary>
    public string Name { get; }

    /// <summary>The operating system process id (kept after disposal).</summary>
    public int Id { get; private set; }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _exitCode is not null || RecordExit();

    /// <summary>The exit code, once exited (kept after disposal).</summary>
    public int ExitCode => HasExited ? _exitCode!.Value : throw new InvalidOperationException($"{Name} has not exited.");

    /// <summary>The most recent lines of stdout and stderr.</summary>
    public OutputBuffer Output { get; }

    /// <summary>Raised for every captured line (after it is stored).</summary>
    public event Action<ChildProcess, string>? LineReceived;

    /// <summary>
    /// Starts <paramref name="startInfo"/> with redirected output. <paramref name="onLine"/> is subscribed before reading
    /// begins, so it sees the very first lines too (subscribing after Start returns can miss them).
    /// </summary>
    public static ChildProcess Start(string name, ProcessStartInfo startInfo, int outputCapacity = 2000, Action<ChildProcess, string>? onLine = null)
    {
        if (ExecutableLocator.Find("setsid") is { } setsid)
        {
            // setsid(1) execs in place (the child is not a group leader, so it does not fork): same pid.
            startInfo.ArgumentList.Insert(0, startInfo.FileName);
            startInfo.FileName = setsid;
        }

        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = false;
        startInfo.UseShellExecute = false;
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, outputCapacity);
        child.LineReceived += onLine;
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name} ({startInfo.FileName}).");
        }

        child.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the process to exit.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Asks the process to stop (SIGTERM) and waits; kills the whole tree if it has not exited in time.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (_process.HasExited)
        {
            return;
        }

        PosixSignals.TerminateGroup(_process.Id);
        using var grace = new CancellationTokenSource(gracePeriod);
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>Kills the process and its descendants at once.</summary>
    public void Kill()
    {
        PosixSignals.KillGroup(_process.Id);
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_exitCode is not null)
        {
            return;
        }

        await StopAsync(StopGracePeriod);
        RecordExit();
        _process.Dispose();
    }

    private bool RecordExit()
    {
        if (!_process.HasExited)
        {
            return false;
        }

        _exitCode ??= _process.ExitCode;
        return true;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        Output.Add(line);
        LineReceived?.Invoke(this, line);
    }
}
