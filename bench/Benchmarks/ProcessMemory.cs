using System.Globalization;

namespace Benchmarks;

/// <summary>A process's resident set size, read from /proc (the soaks sample it).</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS of <paramref name="pid"/> in MB (a service run with <c>dotnet exec</c> is that process itself).</summary>
    public static double RssMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) ?? "VmRSS: 0 kB";
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
