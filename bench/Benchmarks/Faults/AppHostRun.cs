using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using TestSupport.Processes;

namespace Benchmarks.Faults;

/// <summary>
/// The real AppHost (the build of this configuration) started as a child process with <c>--no-dashboard</c> and its own data folder:
/// what it printed, the endpoints it announced, and the processes it supervises.
/// </summary>
internal sealed partial class AppHostRun : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly DirectoryInfo _data;

    private AppHostRun(ChildProcess process, DirectoryInfo data)
    {
        _process = process;
        _data = data;
    }

    /// <summary>Starts it and waits (bounded) until it says every resource is healthy.</summary>
    public static async Task<AppHostRun> StartAsync()
    {
        var data = Directory.CreateTempSubdirectory("faults-apphost-");
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet")!) { WorkingDirectory = RepositoryLayout.RepoRoot };
        foreach (var arg in new[] { "exec", Path.Combine(RepositoryLayout.RepoRoot, "AppHost", "bin", RepositoryLayout.Configuration, "net10.0", "AppHost.dll"), "--no-dashboard" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["APPHOST_DATA_DIR"] = data.FullName;
        var run = new AppHostRun(ChildProcess.Start("apphost", info, outputCapacity: 20_000), data);
        var clock = Stopwatch.StartNew();
        while (run.LastLine("all resources healthy") is null)
        {
            if (run._process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                var output = string.Join("\n", run._process.Output.Tail(30));
                await run.DisposeAsync();
                throw new InvalidOperationException("The AppHost did not become healthy:\n" + output);
            }

            await Task.Delay(200);
        }

        return run;
    }

    /// <summary>The URL announced for a resource (<c>  resource name url</c>).</summary>
    public Uri Endpoint(string resource) =>
        _process.Output.Tail().Select(l => ResourceLine().Match(l)).Where(m => m.Success && m.Groups[1].Value == resource)
            .Select(m => new Uri(m.Groups[2].Value)).Last();

    /// <summary>The last printed line containing <paramref name="text"/>, or null.</summary>
    public string? LastLine(string text) => _process.Output.Tail().LastOrDefault(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>The pid of the live child whose command line contains <paramref name="marker"/>, or -1.</summary>
    public int ChildRunning(string marker)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) == _process.Id
                && Read($"/proc/{pid}/cmdline").Replace('\0', ' ').Contains(marker, StringComparison.Ordinal))
            {
                return pid;
            }
        }

        return -1;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(20));
        await _process.DisposeAsync();
        _data.Delete(recursive: true);
    }

    private static int ParentOf(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return -1;
        }

        var fields = stat[(close + 2)..].Split(' ');
        return fields[0] == "Z" ? -1 : int.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    [GeneratedRegex(@"^\s+resource (\S+)\s+(\S+)")]
    private static partial Regex ResourceLine();
}
