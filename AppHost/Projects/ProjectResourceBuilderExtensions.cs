using AppHost.Hosting;

namespace AppHost.Projects;

/// <summary>Adds service projects.</summary>
public static class ProjectResourceBuilderExtensions
{
    /// <summary>Adds the project <typeparamref name="TProject"/> (a generated <c>Projects.*</c> class) with an HTTP endpoint.</summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddResource(new ProjectResource(name, new TProject().ProjectPath)).WithHttpEndpoint();
}
