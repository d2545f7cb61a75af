using Benchmarks.Faults;

namespace EndToEnd.Tests;

/// <summary>How a fault scenario's verdict tells a failure of the system from a setup that did not happen.</summary>
public sealed class FaultVerdictTests
{
    [Fact]
    public void AFailedCheckFailsTheVerdictAndIsNamed()
    {
        var verdict = new FaultVerdict("scenario").Setup(true, "the fault landed").Check(true, "answers kept coming").Check(false, "counts exact: 9 of 10");

        Assert.False(verdict.Pass);
        Assert.True(verdict.SetupMet);
        Assert.Equal(["counts exact: 9 of 10"], verdict.FailedChecks);
        Assert.StartsWith("### scenario: FAIL\n", verdict.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("- [ ] counts exact: 9 of 10\n", verdict.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnmetSetupIsNeitherAPassNorAFailureOfTheSystem()
    {
        var verdict = new FaultVerdict("scenario").Setup(false, "the kill landed mid-batch (0 events in flight)").Check(true, "counts exact");

        Assert.False(verdict.Pass);
        Assert.False(verdict.SetupMet);
        Assert.Empty(verdict.FailedChecks);
        Assert.Equal(["the kill landed mid-batch (0 events in flight)"], verdict.UnmetSetup);
        Assert.StartsWith("### scenario: SETUP NOT MET\n", verdict.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("- [ ] setup: the kill landed mid-batch (0 events in flight)\n", verdict.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void AVerdictWithoutChecksDoesNotPass()
    {
        Assert.False(new FaultVerdict("scenario").Setup(true, "the fault landed").Pass);
    }
}
