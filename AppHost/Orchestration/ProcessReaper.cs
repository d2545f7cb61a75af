using System.Diagnostics;
using System.Globalization;
using AppHost.Processes;

namespace AppHost.Orchestration;

/// <summary>
/// Guarantees that children never outlive the AppHost, even when it is killed with SIGKILL and cannot clean up:
/// a tiny watchdog shell, immune to the terminal's signals, polls the AppHost's pid and, once it is gone (or a
/// zombie), kills every registered child's process group. Children are group leaders (see <see cref="ChildProcess"/>),
/// so their own children (e.g. the tool host behind <c>dotnet tool run</c>) go too.
/// </summary>
internal sealed class ProcessReaper : IDisposable
{
    private const string Script = """
        trap '' INT TERM QUIT HUP
        while [ -e "/proc/$0" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$0/stat" 2>/dev/null; do sleep 0.5; done
        if [ -f "$1" ]; then while read -r pid; do kill -KILL -- "-$pid" 2>/dev/null; kill -KILL "$pid" 2>/dev/null; done < "$1"; rm -f "$1"; fi
        """;

    private readonly string _pidFile;
    private readonly Process _watchdog;
    private readonly HashSet<int> _pids = [];
    private readonly Lock _gate = new();

    private ProcessReaper(string pidFile, Process watchdog)
    {
        _pidFile = pidFile;
        _watchdog = watchdog;
    }

    /// <summary>Starts the watchdog for the current process.</summary>
    public static ProcessReaper Start()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), "apphost-children-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".pids");
        File.WriteAllText(pidFile, string.Empty);
        var info = new ProcessStartInfo(ExecutableLocator.Find("sh") ?? "/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(pidFile);
        var watchdog = Process.Start(info) ?? throw new InvalidOperationException("Could not start the child-process watchdog (sh).");
        return new ProcessReaper(pidFile, watchdog);
    }

    /// <summary>The watchdog's pid (tests kill the AppHost and check it did its job).</summary>
    public int WatchdogId => _watchdog.Id;

    /// <summary>Adds a child to kill if the AppHost dies.</summary>
    public void Register(int pid)
    {
        lock (_gate)
        {
            _pids.Add(pid);
            Flush();
        }
    }

    /// <summary>Removes a child that has been stopped.</summary>
    public void Unregister(int pid)
    {
        lock (_gate)
        {
            if (_pids.Remove(pid))
            {
                Flush();
            }
        }
    }

    /// <summary>Normal shutdown: every child was stopped already; end the watchdog.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _pids.Clear();
            File.Delete(_pidFile);
        }

        try
        {
            _watchdog.Kill();
        }
        catch (InvalidOperationException)
        {
        }

        _watchdog.Dispose();
    }

    private void Flush()
    {
        var temp = _pidFile + ".tmp";
        File.WriteAllLines(temp, _pids.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        File.Move(temp, _pidFile, overwrite: true);
    }
}
