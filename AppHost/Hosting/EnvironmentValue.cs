namespace AppHost.Hosting;

/// <summary>
/// An environment value with two faces: the expression written into the manifest (e.g.
/// <c>{cache.connectionString}</c>) and the concrete value computed in run mode once ports are known.
/// </summary>
public sealed class EnvironmentValue
{
    private readonly Func<RunState, string> _resolve;

    internal EnvironmentValue(string manifestExpression, Func<RunState, string> resolve)
    {
        ManifestExpression = manifestExpression;
        _resolve = resolve;
    }

    /// <summary>The manifest form.</summary>
    public string ManifestExpression { get; }

    /// <summary>A literal: the same in both modes. Braces are escaped as the manifest requires.</summary>
    public static EnvironmentValue Literal(string value) =>
        new(value.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal), _ => value);

    /// <summary>The run-mode value.</summary>
    internal string Resolve(RunState state) => _resolve(state);
}
