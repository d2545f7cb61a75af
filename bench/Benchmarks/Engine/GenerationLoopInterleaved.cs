using System.Diagnostics;
using System.Globalization;

namespace Benchmarks.Engine;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- engine-loop [rounds=200]</c>: the two methods of
/// <see cref="GenerationLoopBenchmarks"/>, alternated call by call instead of one after the other. BenchmarkDotNet
/// measures all of the baseline's iterations and then all of the generator's, so on a shared machine a change of
/// load between the two blocks lands in the ratio; alternating puts both under the same load. The ratio reported is
/// of the medians, with the middle half's spread.
/// </summary>
internal static class GenerationLoopInterleaved
{
    private const int WarmupRounds = 10;

    public static int Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var benchmarks = new GenerationLoopBenchmarks();
        benchmarks.Setup();
        try
        {
            var bare = new double[rounds];
            var generator = new double[rounds];
            for (var round = -WarmupRounds; round < rounds; round++)
            {
                var start = Stopwatch.GetTimestamp();
                benchmarks.BareRuns();
                var middle = Stopwatch.GetTimestamp();
                benchmarks.Generator();
                var end = Stopwatch.GetTimestamp();
                if (round >= 0)
                {
                    bare[round] = Stopwatch.GetElapsedTime(start, middle).TotalMilliseconds;
                    generator[round] = Stopwatch.GetElapsedTime(middle, end).TotalMilliseconds;
                }
            }

            Array.Sort(bare);
            Array.Sort(generator);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// engine-loop: {rounds} alternated rounds after {WarmupRounds} warm-up, {Environment.ProcessorCount} cores; load {File.ReadAllText("/proc/loadavg").Trim()}"));
            Console.WriteLine("| method | median ms | p25 ms | p75 ms | ratio of medians |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| BareRuns (baseline) | {Q(bare, 0.5):F2} | {Q(bare, 0.25):F2} | {Q(bare, 0.75):F2} | 1.00 |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Generator | {Q(generator, 0.5):F2} | {Q(generator, 0.25):F2} | {Q(generator, 0.75):F2} | {Q(generator, 0.5) / Q(bare, 0.5):F3} |"));
            return 0;
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static double Q(double[] sorted, double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
}
