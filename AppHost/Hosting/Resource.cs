namespace AppHost.Hosting;

/// <summary>
/// A named part of the distributed application (a cache, a project, an executable, a parameter) and what the
/// builder methods attached to it: environment, arguments, endpoints, waits and replicas.
/// </summary>
public abstract class Resource(string name)
{
    /// <summary>The resource name, unique in the application (lowercase, used in expressions and env names).</summary>
    public string Name { get; } = name;

    /// <summary>Environment variables, by name, in insertion order.</summary>
    internal List<KeyValuePair<string, EnvironmentValue>> Environment { get; } = [];

    /// <summary>Command-line arguments.</summary>
    internal List<string> Args { get; } = [];

    /// <summary>Endpoints the resource serves.</summary>
    internal List<EndpointDefinition> Endpoints { get; } = [];

    /// <summary>Resources that must be healthy before this one starts.</summary>
    internal List<Resource> WaitsFor { get; } = [];

    /// <summary>Resources whose HTTP endpoints this one is told about (<c>services__name__http__i</c>).</summary>
    internal List<Resource> ServiceReferences { get; } = [];

    /// <summary>How many instances run.</summary>
    internal int Replicas { get; set; } = 1;

    /// <summary>Sets (or replaces) an environment variable.</summary>
    internal void SetEnvironment(string key, EnvironmentValue value)
    {
        Environment.RemoveAll(e => e.Key == key);
        Environment.Add(new(key, value));
    }
}

/// <summary>A resource that others reach through a connection string (<c>ConnectionStrings__name</c>).</summary>
public interface IResourceWithConnectionString
{
    /// <summary>The resource name.</summary>
    string Name { get; }

    /// <summary>The connection string: a manifest expression and its run-mode value.</summary>
    EnvironmentValue ConnectionString { get; }
}
