namespace AppHost.Hosting;

/// <summary>Fluent access to one resource while the application is being described.</summary>
/// <typeparam name="T">The resource type.</typeparam>
public interface IResourceBuilder<out T> where T : Resource
{
    /// <summary>The resource being configured.</summary>
    T Resource { get; }

    /// <summary>The application builder, for adding related resources.</summary>
    DistributedApplicationBuilder ApplicationBuilder { get; }
}

/// <summary>The one implementation of <see cref="IResourceBuilder{T}"/>.</summary>
internal sealed class ResourceBuilder<T>(T resource, DistributedApplicationBuilder applicationBuilder) : IResourceBuilder<T>
    where T : Resource
{
    public T Resource { get; } = resource;

    public DistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;
}
