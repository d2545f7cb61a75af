using AppHost.Hosting;

namespace AppHost.Projects;

/// <summary>A .NET service project of this repository, run from its build output and published as <c>project.v0</c>.</summary>
public sealed class ProjectResource(string name, string projectPath) : Resource(name)
{
    /// <summary>Full path of the .csproj.</summary>
    public string ProjectPath { get; } = projectPath;

    /// <summary>The built entry assembly for <paramref name="configuration"/>.</summary>
    internal string AssemblyPath(string configuration)
    {
        var directory = Path.GetDirectoryName(ProjectPath)!;
        var assemblyName = Path.GetFileNameWithoutExtension(ProjectPath);
        return Path.Combine(directory, "bin", configuration, "net10.0", assemblyName + ".dll");
    }
}
