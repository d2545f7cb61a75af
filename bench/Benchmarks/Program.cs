using BenchmarkDotNet.Running;

namespace Benchmarks;

/// <summary>
/// `dotnet run -c Release --project bench/Benchmarks -- --filter '*'` runs them all; `-- ingest-soak [minutes] [rate]`
/// runs the aggregator soak; see bench/README.md.
/// Not top-level statements: the referenced service projects already define a global <c>Program</c>.
/// </summary>
internal static class BenchmarkEntry
{
    private static int Main(string[] args)
    {
        // Whole-process runs that are not micro-benchmarks take a verb; everything else goes to BenchmarkDotNet.
        if (args is ["ingest-soak", ..])
        {
            return Ingest.IngestSoak.RunAsync(args).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
        return 0;
    }
}
