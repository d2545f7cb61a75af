using BenchmarkDotNet.Running;

namespace Benchmarks;

/// <summary>
/// `dotnet run -c Release --project bench/Benchmarks -- --filter '*'` runs them all; see bench/README.md.
/// Not top-level statements: the referenced service projects already define a global <c>Program</c>.
/// </summary>
internal static class BenchmarkEntry
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
}
