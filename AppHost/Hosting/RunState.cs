namespace AppHost.Hosting;

/// <summary>What run mode has allocated so far: endpoints per resource replica and connection strings.</summary>
public sealed class RunState
{
    private readonly Dictionary<string, Uri[]> _endpoints = [];
    private readonly Dictionary<string, string> _connectionStrings = [];

    /// <summary>Records the HTTP endpoints of a resource's replicas.</summary>
    internal void SetEndpoints(string resource, Uri[] endpoints) => _endpoints[resource] = endpoints;

    /// <summary>Records a resource's connection string.</summary>
    internal void SetConnectionString(string resource, string value) => _connectionStrings[resource] = value;

    /// <summary>The endpoint of one replica (base URL without a trailing slash).</summary>
    internal string Endpoint(string resource, int replica = 0) =>
        _endpoints.TryGetValue(resource, out var endpoints) && replica < endpoints.Length
            ? endpoints[replica].ToString().TrimEnd('/')
            : throw new InvalidOperationException($"Resource '{resource}' has no endpoint yet: is it started before the resources that reference it (WaitFor)?");

    /// <summary>All replica endpoints of a resource.</summary>
    internal IReadOnlyList<Uri> Endpoints(string resource) => _endpoints.GetValueOrDefault(resource) ?? [];

    /// <summary>A resource's connection string.</summary>
    internal string ConnectionString(string resource) =>
        _connectionStrings.TryGetValue(resource, out var value)
            ? value
            : throw new InvalidOperationException($"Resource '{resource}' has no connection string yet: is it started first (WaitFor)?");
}
