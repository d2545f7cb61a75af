namespace Benchmarks.Faults;

/// <summary>One scenario's outcome: its checks (each pass or fail with what was measured) and the figures it saw.</summary>
internal sealed class FaultVerdict(string scenario)
{
    private readonly List<(bool Pass, string Check)> _checks = [];
    private readonly List<string> _notes = [];

    public string Scenario => scenario;

    public bool Pass => _checks.Count > 0 && _checks.All(c => c.Pass);

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

    /// <summary>The scenario as Markdown: a heading with the verdict, the notes, then each check.</summary>
    public string ToMarkdown() =>
        $"### {scenario}: {(Pass ? "PASS" : "FAIL")}\n\n"
        + string.Concat(_notes.Select(n => $"- {n}\n"))
        + string.Concat(_checks.Select(c => $"- [{(c.Pass ? "x" : " ")}] {c.Check}\n"));
}
