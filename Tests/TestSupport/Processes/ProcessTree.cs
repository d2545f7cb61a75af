using System.Globalization;

namespace TestSupport.Processes;

/// <summary>Processes read from <c>/proc</c>: parents, command lines and descendants of PIDs a test started.</summary>
internal static class ProcessTree
{
    /// <summary>Every live process whose command line contains <paramref name="marker"/> (a unique token of one run).</summary>
    public static IReadOnlyList<int> WithCommandLineContaining(string marker) =>
        [.. AllPids().Where(pid => CommandLine(pid).Contains(marker, StringComparison.Ordinal))];

    /// <summary>The descendants of <paramref name="roots"/> and the roots themselves.</summary>
    public static IReadOnlyList<int> WithDescendants(IEnumerable<int> roots)
    {
        var parents = AllPids().ToDictionary(pid => pid, ParentOf);
        var found = new HashSet<int>(roots);
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent) in parents)
            {
                if (found.Contains(parent) && found.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        return [.. found];
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => State(pid) is { } state && state != "Z";

    /// <summary>The command line with spaces between arguments, or empty once the process is gone.</summary>
    public static string CommandLine(int pid) => Read($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();

    private static IEnumerable<int> AllPids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    private static int ParentOf(int pid) =>
        Fields(pid) is [_, var parent, ..] ? int.Parse(parent, CultureInfo.InvariantCulture) : -1;

    private static string? State(int pid) => Fields(pid) is [var state, ..] ? state : null;

    /// <summary>The fields of <c>/proc/pid/stat</c> after the command name (which may hold spaces and parentheses).</summary>
    private static string[] Fields(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        var close = stat.LastIndexOf(')');
        return close < 0 ? [] : stat[(close + 2)..].Split(' ');
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
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
