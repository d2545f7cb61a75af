namespace Benchmarks.Faults;

/// <summary>
/// One scenario's outcome: its setup (the preconditions it arranged, e.g. "the kill landed mid-batch"), its checks
/// (each pass or fail with what was measured) and the figures it saw. A setup that did not happen is neither a pass
/// nor a failure of the system: the scenario did not test what it names, and says so.
/// </summary>
internal sealed class FaultVerdict(string scenario)
{
    private readonly List<(bool Happened, string What)> _setup = [];
    private readonly List<(bool Pass, string Check)> _checks = [];
    private readonly List<string> _notes = [];

    public string Scenario => scenario;

    /// <summary>True when every precondition the scenario arranged did happen.</summary>
    public bool SetupMet => _setup.All(s => s.Happened);

    /// <summary>The preconditions that did not happen.</summary>
    public IReadOnlyList<string> UnmetSetup => [.. _setup.Where(s => !s.Happened).Select(s => s.What)];

    /// <summary>The checks of the system, in order.</summary>
    public IReadOnlyList<string> Checks => [.. _checks.Select(c => c.Check)];

    /// <summary>The checks of the system that failed.</summary>
    public IReadOnlyList<string> FailedChecks => [.. _checks.Where(c => !c.Pass).Select(c => c.Check)];

    public bool Pass => SetupMet && _checks.Count > 0 && _checks.All(c => c.Pass);

    /// <summary>Records a precondition the scenario arranged, and whether it happened.</summary>
    public FaultVerdict Setup(bool happened, string what)
    {
        _setup.Add((happened, what));
        return this;
    }

    /// <summary>Records a check.</summary>
    public FaultVerdict Check(bool pass, string what)
    {
        _checks.Add((pass, what));
        return this;
    }

    /// <summary>Records a figure that is not itself a check.</summary>
    public FaultVerdict Note(string what)
    {
        _notes.Add(what);
        return this;
    }

    /// <summary>The scenario as Markdown: a heading with the verdict, the notes, the setup, then each check.</summary>
    public string ToMarkdown() =>
        $"### {scenario}: {(!SetupMet ? "SETUP NOT MET" : Pass ? "PASS" : "FAIL")}\n\n"
        + string.Concat(_notes.Select(n => $"- {n}\n"))
        + string.Concat(_setup.Select(s => $"- [{(s.Happened ? "x" : " ")}] setup: {s.What}\n"))
        + string.Concat(_checks.Select(c => $"- [{(c.Pass ? "x" : " ")}] {c.Check}\n"));
}
