using BenchmarkDotNet.Running;

namespace Benchmarks;

/// <summary>
/// `dotnet run -c Release --project bench/Benchmarks -- --filter '*'` runs them all; see bench/README.md.
/// `-- load-generate [seconds] [rate]` runs the open-loop load test of <c>/generate</c> instead.
/// Not top-level statements: the referenced service projects already define a global <c>Program</c>.
/// </summary>
internal static class BenchmarkEntry
{
    private static void Main(string[] args)
    {
        // Load tools are console modes, not BenchmarkDotNet jobs: they need seconds of wall-clock traffic.
        if (args is ["load-generate", .. var rest])
        {
            Api.GenerateLoad.RunAsync(rest).GetAwaiter().GetResult();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
    }
}
