using System.Globalization;

namespace AppHost.Hosting;

/// <summary>The builder methods every resource has: environment, arguments, endpoints, references, waits, replicas.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Sets an environment variable to a literal value.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value) where T : Resource
    {
        builder.Resource.SetEnvironment(name, EnvironmentValue.Literal(value));
        return builder;
    }

    /// <summary>Appends command-line arguments.</summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params string[] args) where T : Resource
    {
        builder.Resource.Args.AddRange(args);
        return builder;
    }

    /// <summary>Declares an HTTP endpoint (run mode picks a free port; <paramref name="targetPort"/> is the deployed port).</summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? targetPort = null, string name = "http") where T : Resource
    {
        builder.Resource.Endpoints.RemoveAll(e => e.Name == name);
        builder.Resource.Endpoints.Add(new EndpointDefinition(name, "http", "http", targetPort));
        return builder;
    }

    /// <summary>Marks every HTTP endpoint as reachable from outside (the public API).</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder) where T : Resource
    {
        foreach (var endpoint in builder.Resource.Endpoints.Where(e => e.Transport == "http"))
        {
            endpoint.External = true;
        }

        return builder;
    }

    /// <summary>Starts this resource only once <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency) where T : Resource
    {
        if (!builder.Resource.WaitsFor.Contains(dependency.Resource))
        {
            builder.Resource.WaitsFor.Add(dependency.Resource);
        }

        return builder;
    }

    /// <summary>Runs <paramref name="replicas"/> instances (each on its own port in run mode).</summary>
    public static IResourceBuilder<T> WithReplicas<T>(this IResourceBuilder<T> builder, int replicas) where T : Resource
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.Replicas = replicas;
        return builder;
    }

    /// <summary>Injects <c>ConnectionStrings__{name}</c> of a resource that has a connection string.</summary>
    public static IResourceBuilder<T> WithReference<T, TSource>(this IResourceBuilder<T> builder, IResourceBuilder<TSource> source)
        where T : Resource
        where TSource : Resource, IResourceWithConnectionString
    {
        var name = source.Resource.Name;
        builder.Resource.SetEnvironment("ConnectionStrings__" + name, new EnvironmentValue("{" + name + ".connectionString}", state => state.ConnectionString(name)));
        return builder;
    }

    /// <summary>Injects <c>services__{name}__http__{i}</c>, the service-discovery form of another resource's HTTP endpoints.</summary>
    public static IResourceBuilder<T> WithServiceReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> service) where T : Resource
    {
        if (!service.Resource.Endpoints.Exists(e => e.Name == "http"))
        {
            throw new InvalidOperationException($"Resource '{service.Resource.Name}' has no http endpoint to reference.");
        }

        builder.Resource.ServiceReferences.Add(service.Resource);
        return builder;
    }

    /// <summary>The environment variable name Aspire's service discovery reads for replica <paramref name="index"/>.</summary>
    internal static string ServiceEnvironmentName(string service, int index) =>
        "services__" + service + "__http__" + index.ToString(CultureInfo.InvariantCulture);
}
