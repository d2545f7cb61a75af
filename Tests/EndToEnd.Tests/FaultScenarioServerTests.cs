using Benchmarks.Faults;
using Xunit.Abstractions;

namespace EndToEnd.Tests;

/// <summary>
/// The fast subset of issue #11's fault scenarios: the same code and checks as
/// <c>dotnet run -c Release --project bench/Benchmarks -- faults</c>, every phase at half its length (same rates,
/// half the requests), against real processes built in this configuration.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultScenarioServerTests(ITestOutputHelper output)
{
    private const double Scale = 0.5;

    [Theory]
    [InlineData("cache-kill")]
    [InlineData("aggregator-kill")]
    [InlineData("inference-stop")]
    [InlineData("admission-full")]
    [InlineData("slow-consumer")]
    public async Task TheSystemPassesTheFaultScenario(string scenario)
    {
        var run = new FaultScenarios(Scale).All.Single(s => s.Name == scenario).Run;

        var verdict = await run();

        var markdown = verdict.ToMarkdown();
        output.WriteLine(markdown);
        // A setup that did not happen is reported as such, apart from the system's checks: it is not a finding.
        Assert.True(verdict.SetupMet, $"The scenario's setup did not happen (not a failure of the system): {string.Join("; ", verdict.UnmetSetup)}\n\n{markdown}");
        Assert.NotEmpty(verdict.Checks);
        Assert.True(verdict.FailedChecks.Count == 0, $"Failed checks:\n{string.Concat(verdict.FailedChecks.Select(c => $"- {c}\n"))}\n{markdown}");
    }
}
