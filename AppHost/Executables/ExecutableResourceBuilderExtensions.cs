using AppHost.Hosting;

namespace AppHost.Executables;

/// <summary>Adds executables.</summary>
public static class ExecutableResourceBuilderExtensions
{
    /// <summary>Adds <paramref name="command"/> run in <paramref name="workingDirectory"/> with <paramref name="args"/>.</summary>
    public static IResourceBuilder<ExecutableResource> AddExecutable(
        this DistributedApplicationBuilder builder, string name, string command, string workingDirectory, params string[] args) =>
        builder.AddResource(new ExecutableResource(name, command, workingDirectory)).WithArgs(args);
}
