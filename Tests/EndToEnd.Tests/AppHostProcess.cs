using System.Diagnostics;
using System.Text.RegularExpressions;
using TestSupport.Processes;

namespace EndToEnd.Tests;

/// <summary>The built AppHost started as a child process, with helpers to read what it prints.</summary>
internal static partial class AppHostProcess
{
    public static string AssemblyPath =>
        Path.Combine(RepositoryLayout.RepoRoot, "AppHost", "bin", RepositoryLayout.Configuration, "net10.0", "AppHost.dll");

    public static ChildProcess Start(string dataDirectory, params string[] args) => Start(dataDirectory, new Dictionary<string, string>(), args);

    /// <summary>Starts it with extra environment variables, which its resources inherit (configuration for the services).</summary>
    public static ChildProcess Start(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet")!) { WorkingDirectory = RepositoryLayout.RepoRoot };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(AssemblyPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["APPHOST_DATA_DIR"] = dataDirectory;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return ChildProcess.Start("apphost", info, outputCapacity: 20_000);
    }

    /// <summary>Waits (bounded) until a printed line matches; fails with the output if the AppHost exits first.</summary>
    public static async Task<string> WaitForLineAsync(ChildProcess apphost, Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (apphost.Output.Tail().FirstOrDefault(match) is { } line)
            {
                return line;
            }

            Assert.False(apphost.HasExited, "AppHost exited early: " + string.Join("\n", apphost.Output.Tail(40)));
            await Task.Delay(200);
        }

        Assert.Fail("Timed out waiting for the AppHost. Output:\n" + string.Join("\n", apphost.Output.Tail(40)));
        return string.Empty;
    }

    /// <summary>The endpoints printed as <c>resource name url</c>.</summary>
    public static Dictionary<string, string> Endpoints(ChildProcess apphost) =>
        apphost.Output.Tail()
            .Select(l => ResourceLine().Match(l))
            .Where(m => m.Success)
            .GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => g.Last().Groups[2].Value);

    /// <summary>Pids of live processes whose parent is <paramref name="parentPid"/>.</summary>
    public static int[] ChildrenOf(int parentPid) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == parentPid)
            .ToArray();

    /// <summary>Whether a pid is a live (non-zombie) process.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    [GeneratedRegex(@"^\s+resource (\S+)\s+(\S+)")]
    private static partial Regex ResourceLine();
}
