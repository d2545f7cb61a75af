namespace AppHost.Hosting;

/// <summary>
/// Describes the application as resources and their relations, in the shape of Aspire's
/// <c>DistributedApplication.CreateBuilder(args)</c>; <see cref="Build"/> turns it into something to run or publish.
/// </summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    private DistributedApplicationBuilder(AppHostOptions options) => Options = options;

    /// <summary>The parsed command line.</summary>
    public AppHostOptions Options { get; }

    /// <summary>The resources, in the order they were added.</summary>
    internal IReadOnlyList<Resource> Resources => _resources;

    /// <summary>Creates a builder from the AppHost's arguments.</summary>
    public static DistributedApplicationBuilder Create(string[] args) => new(AppHostOptions.Parse(args));

    /// <summary>Creates a builder from already parsed options (tests).</summary>
    public static DistributedApplicationBuilder Create(AppHostOptions options) => new(options);

    /// <summary>Adds a resource; names are unique.</summary>
    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Exists(r => r.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    /// <summary>Applies command-line overrides, checks the graph, and returns the application.</summary>
    public DistributedApplication Build()
    {
        foreach (var (name, count) in Options.Replicas)
        {
            var resource = _resources.Find(r => r.Name == name)
                ?? throw new ArgumentException($"--replicas names '{name}', which is not a resource ({string.Join(", ", _resources.Select(r => r.Name))}).");
            resource.Replicas = count;
        }

        return new DistributedApplication(Options, StartOrder(_resources));
    }

    /// <summary>Resources ordered so that every resource comes after those it waits for; a cycle is an error.</summary>
    internal static IReadOnlyList<Resource> StartOrder(IReadOnlyList<Resource> resources)
    {
        var ordered = new List<Resource>(resources.Count);
        var visiting = new HashSet<Resource>();
        void Visit(Resource resource)
        {
            if (ordered.Contains(resource))
            {
                return;
            }

            if (!visiting.Add(resource))
            {
                throw new InvalidOperationException($"WaitFor cycle through resource '{resource.Name}'.");
            }

            foreach (var dependency in resource.WaitsFor)
            {
                Visit(dependency);
            }

            visiting.Remove(resource);
            ordered.Add(resource);
        }

        foreach (var resource in resources)
        {
            Visit(resource);
        }

        return ordered;
    }
}
