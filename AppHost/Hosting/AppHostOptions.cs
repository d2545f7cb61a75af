using System.Globalization;

namespace AppHost.Hosting;

/// <summary>The AppHost's command line: publish mode, an external cache, replica overrides, dashboard switch.</summary>
public sealed class AppHostOptions
{
    /// <summary><c>manifest</c> for publish mode; null for run mode.</summary>
    public string? Publisher { get; init; }

    /// <summary>Where publish mode writes the manifest.</summary>
    public string OutputPath { get; init; } = "aspire-manifest.json";

    /// <summary>An external cache connection string (<c>--cache</c>), instead of starting one.</summary>
    public string? CacheConnectionString { get; init; }

    /// <summary>Replica counts from <c>--replicas name=n</c>, overriding the topology.</summary>
    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>();

    /// <summary><c>--no-dashboard</c>.</summary>
    public bool NoDashboard { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static AppHostOptions Parse(IReadOnlyList<string> args)
    {
        string? publisher = null, output = null, cache = null;
        var replicas = new Dictionary<string, int>(StringComparer.Ordinal);
        var noDashboard = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--publisher":
                    publisher = Value(args, ref i);
                    if (publisher != "manifest")
                    {
                        throw new ArgumentException($"Unknown publisher '{publisher}': the only publisher is 'manifest'.");
                    }

                    break;
                case "--output-path":
                    output = Value(args, ref i);
                    break;
                case "--cache":
                    cache = Value(args, ref i);
                    break;
                case "--replicas":
                    var pair = Value(args, ref i);
                    var eq = pair.IndexOf('=');
                    if (eq <= 0 || !int.TryParse(pair.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 16)
                    {
                        throw new ArgumentException($"--replicas expects name=n with n from 1 to 16, not '{pair}'.");
                    }

                    replicas[pair[..eq]] = count;
                    break;
                case "--no-dashboard":
                    noDashboard = true;
                    break;
                default:
                    throw new ArgumentException(
                        $"Unknown option '{args[i]}'. Options: --publisher manifest --output-path <file> | --cache <host:port> | --replicas <name>=<n> | --no-dashboard");
            }
        }

        return new AppHostOptions
        {
            Publisher = publisher,
            OutputPath = output ?? "aspire-manifest.json",
            CacheConnectionString = cache,
            Replicas = replicas,
            NoDashboard = noDashboard,
        };
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
