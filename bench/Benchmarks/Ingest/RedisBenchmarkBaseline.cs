using System.Diagnostics;
using System.Globalization;
using TestSupport.Cache;

namespace Benchmarks.Ingest;

/// <summary>
/// The peer figure: <c>redis-benchmark -t set,get -P 16 -q</c> (or the tests given) against the same server, in the same run, printed as
/// "redis-benchmark: ..." lines next to BenchmarkDotNet's table.
/// </summary>
internal static class RedisBenchmarkBaseline
{
    /// <summary>Runs redis-benchmark and returns its "requests per second" lines (SET and GET).</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(CacheServer server, int requests = 500_000, string tests = "set,get")
    {
        var info = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-h", server.Endpoint.Host, "-p", server.Endpoint.Port.ToString(CultureInfo.InvariantCulture), "-t", tests, "-P", "16", "-n", requests.ToString(CultureInfo.InvariantCulture), "-q" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("redis-benchmark could not be started (apt-get install -y redis-tools).");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = output.Split('\r', '\n').Where(l => l.Contains("requests per second", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        foreach (var line in lines)
        {
            Console.WriteLine("redis-benchmark: " + line);
        }

        return lines;
    }
}
