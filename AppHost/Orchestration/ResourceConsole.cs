using AppHost.Processes;

namespace AppHost.Orchestration;

/// <summary>What the AppHost prints: each resource's endpoint, then its children's output prefixed with their names.</summary>
internal sealed class ResourceConsole
{
    private readonly Lock _gate = new();

    /// <summary>Announces a started resource.</summary>
    public void Resource(string name, string endpoint) => Write($"  resource {name,-11} {endpoint}");

    /// <summary>Prints a child's line with its resource name.</summary>
    public void Echo(ChildProcess process, string line) => Write($"[{process.Name}] {line}");

    /// <summary>Announces that a resource exited on its own and will be restarted.</summary>
    public void Restarting(string name, int exitCode, TimeSpan delay, int restarts) =>
        Write($"AppHost: resource {name} exited with code {exitCode}; restart #{restarts} in {delay.TotalSeconds:0.#} s");

    /// <summary>Says that everything is running.</summary>
    public void Ready() => Write("AppHost: all resources healthy. Press Ctrl+C to stop.");

    /// <summary>Says that shutdown began.</summary>
    public void Stopping() => Write("AppHost: stopping resources...");

    private void Write(string text)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(text);
        }
    }
}
