using System.Reflection;

namespace TestSupport.Processes;

/// <summary>Where the repository and the built projects are, as recorded when this library was built.</summary>
internal static class RepositoryLayout
{
    /// <summary>The repository root recorded at build time (Directory.Build.props RepoRoot).</summary>
    public static string RepoRoot { get; } = Metadata("RepoRoot") ?? Directory.GetCurrentDirectory();

    /// <summary>The build configuration this library was built with.</summary>
    public static string Configuration { get; } = Metadata("Configuration") ?? "Debug";

    /// <summary>The folder holding <c>.config/dotnet-tools.json</c>, searching up from the app and from the recorded root.</summary>
    public static string? FindToolManifestRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), RepoRoot })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    private static string? Metadata(string key) =>
        typeof(RepositoryLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
}
