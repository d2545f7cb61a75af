using System.Globalization;

namespace Benchmarks.Faults;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- faults [scenario ...]</c>: runs the fault scenarios (all, or
/// those named: cache-kill, aggregator-kill, inference-stop, admission-full, slow-consumer) one after another
/// against real processes, prints each verdict as Markdown, and exits non-zero if any failed.
/// </summary>
internal static class FaultsCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var scenarios = new FaultScenarios().All;
        var wanted = args.Skip(1).ToHashSet(StringComparer.Ordinal);
        var unknown = wanted.Where(w => scenarios.All(s => s.Name != w)).ToArray();
        if (unknown.Length > 0)
        {
            await Console.Error.WriteLineAsync($"faults: unknown scenario {string.Join(", ", unknown)}; known: {string.Join(", ", scenarios.Select(s => s.Name))}");
            return 2;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## Fault scenarios, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Environment.OSVersion}\n"));
        var failed = 0;
        var unmet = 0;
        foreach (var (name, run) in scenarios.Where(s => wanted.Count == 0 || wanted.Contains(s.Name)))
        {
            FaultVerdict verdict;
            try
            {
                verdict = await run();
            }
            catch (Exception e)
            {
                verdict = new FaultVerdict(name).Check(false, "the scenario could not run: " + e.Message);
            }

            unmet += verdict.SetupMet ? 0 : 1;
            failed += verdict.Pass || !verdict.SetupMet ? 0 : 1;
            Console.WriteLine(verdict.ToMarkdown());
        }

        // A scenario whose setup did not happen tested nothing: not a pass, but not a failure of the system either.
        Console.WriteLine(failed + unmet == 0 ? "faults: all PASS" : $"faults: {failed} FAILED, {unmet} with their setup not met");
        return failed + unmet == 0 ? 0 : 1;
    }
}
