using System.Diagnostics;
using TestSupport.Processes;

using Tests.Shared;

namespace EndToEnd.Tests;

/// <summary>
/// The built AppHost as a user runs it (its own process, the real dashboard), on free loopback ports instead of the
/// launch profile's fixed ones, with what it printed and the processes DCP started for it.
/// </summary>
internal sealed class AppHostRun : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);

    private readonly DirectoryInfo _spool;

    private AppHostRun(ChildProcess process, DirectoryInfo spool)
    {
        Process = process;
        _spool = spool;
    }

    public ChildProcess Process { get; }

    /// <summary>The login URL the dashboard printed.</summary>
    public string LoginUrl { get; private set; } = string.Empty;

    /// <summary>
    /// DCP's kubeconfig folder, unique to this run: every DCP process (API server, controllers, monitors) carries it
    /// on its command line, which is how this run's processes are found without matching any shared name.
    /// </summary>
    public string DcpMarker { get; private set; } = string.Empty;

    public static async Task<AppHostRun> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var exe = Path.Combine(RepositoryLayout.RepoRoot, "AppHost", "bin", RepositoryLayout.Configuration, "net10.0", "AppHost");
        // Through `env --default-signal=INT`: a suite started in the background of a shell without job control
        // inherits SIGINT ignored, and .NET keeps an inherited SIG_IGN, so Ctrl+C would never reach the AppHost (every
        // process still ran 60 s after SIGINT in such a run). env exec's the AppHost: the process id is the AppHost's.
        var info = new ProcessStartInfo("env") { WorkingDirectory = Path.Combine(RepositoryLayout.RepoRoot, "AppHost") };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add(exe);
        // The launch profile `http`, on free ports so that runs and the developer's own AppHost never collide.
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}";
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["Model__IntraOpThreads"] = "1";
        // DCP passes the AppHost's environment on to the services: this run's own spool (see AspireApp).
        var spool = Directory.CreateTempSubdirectory("apphost-spool-");
        info.Environment["Telemetry__Events__SpoolDirectory"] = spool.FullName;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var run = new AppHostRun(ChildProcess.Start("apphost", info, outputCapacity: 5_000), spool);
        try
        {
            var login = await run.WaitForLineAsync("Login to the dashboard at ", s_startTimeout);
            run.LoginUrl = login[(login.IndexOf("Login to the dashboard at ", StringComparison.Ordinal) + "Login to the dashboard at ".Length)..].Trim();
            var dcp = run.Process.Output.Tail().First(l => l.Contains("--kubeconfig", StringComparison.Ordinal));
            run.DcpMarker = dcp[(dcp.IndexOf("--kubeconfig", StringComparison.Ordinal) + "--kubeconfig".Length)..].Trim().Trim('"');
            run.DcpMarker = Path.GetDirectoryName(run.DcpMarker)!;
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every live process of this run: the AppHost, DCP's processes, and what they started.</summary>
    public IReadOnlyList<int> Processes() =>
        ProcessTree.WithDescendants([Process.Id, .. ProcessTree.WithCommandLineContaining(DcpMarker)]).Where(ProcessTree.IsAlive).ToArray();

    /// <summary>Waits (bounded) until a line containing <paramref name="text"/> was printed; returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        string? line = null;
        await Eventually.TrueAsync(
            () => (line = Process.Output.Tail().LastOrDefault(l => l.Contains(text, StringComparison.Ordinal))) is not null || Process.HasExited,
            $"the AppHost to print '{text}'", timeout, () => string.Join("\n", Process.Output.Tail(40)), TimeSpan.FromMilliseconds(200));
        return line ?? throw new InvalidOperationException($"The AppHost exited (code {Process.ExitCode}) before printing '{text}'. Output:\n" + string.Join("\n", Process.Output.Tail(40)));
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        try
        {
            _spool.Delete(recursive: true);
        }
        catch (IOException)
        {
            // After a SIGKILL of the AppHost, DCP may still be stopping a service that writes here: a leftover temp folder is harmless.
        }
    }
}
