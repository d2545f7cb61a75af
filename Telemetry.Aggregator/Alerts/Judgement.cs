namespace Telemetry.Aggregator.Alerts;

/// <summary>One condition of a rule at one evaluation: is it breached, by what value, against what threshold.</summary>
/// <param name="Key">Unique per condition: the rule name, or <c>name@80%</c> for a budget level.</param>
/// <param name="Rule">The rule.</param>
/// <param name="Breached">Whether the condition holds now (null when there is too little traffic to judge).</param>
/// <param name="Value">The observed value.</param>
/// <param name="Threshold">The threshold it is compared with.</param>
/// <param name="Window">A human description of the window(s).</param>
/// <param name="Examples">Request ids that show the problem (the slowest, or the latest failures), when it has such requests.</param>
internal sealed record Judgement(string Key, AlertRule Rule, bool? Breached, double Value, double Threshold, string Window, IReadOnlyList<string>? Examples = null);
