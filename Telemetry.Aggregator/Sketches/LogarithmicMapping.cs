namespace Telemetry.Aggregator.Sketches;

/// <summary>
/// Maps positive values to integer bucket indices so that every value in a bucket is within a relative error
/// of the bucket's representative value (the DDSketch construction: Masson, Rim, Lee, VLDB 2019).
/// With γ = (1 + α) / (1 − α), bucket i covers (γ^(i−1), γ^i] and its representative 2γ^i / (γ + 1)
/// is within α of every value in it.
/// </summary>
internal sealed class LogarithmicMapping
{
    /// <summary>Relative accuracy used by the aggregator: 1 %, the target in ARCHITECTURE.md.</summary>
    public const double DefaultRelativeAccuracy = 0.01;

    /// <summary>Values at or below this are counted in the zero bucket (latencies are in ms; 1 ns is noise).</summary>
    public const double MinIndexableValue = 1e-6;

    private readonly double _gamma;
    private readonly double _logGamma;

    public LogarithmicMapping(double relativeAccuracy = DefaultRelativeAccuracy)
    {
        if (relativeAccuracy is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy, "Relative accuracy must be in (0, 1).");
        }

        RelativeAccuracy = relativeAccuracy;
        _gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        _logGamma = Math.Log(_gamma);
    }

    /// <summary>The shared 1 % mapping.</summary>
    public static LogarithmicMapping Default { get; } = new();

    /// <summary>The guaranteed relative error of a quantile estimate.</summary>
    public double RelativeAccuracy { get; }

    /// <summary>The bucket index of a value above <see cref="MinIndexableValue"/>.</summary>
    public int Index(double value) => (int)Math.Ceiling(Math.Log(value) / _logGamma);

    /// <summary>The value that represents bucket <paramref name="index"/>.</summary>
    public double Value(int index) => 2 * Math.Pow(_gamma, index) / (_gamma + 1);
}
