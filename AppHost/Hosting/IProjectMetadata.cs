namespace AppHost.Hosting;

/// <summary>
/// A service project the AppHost can run, generated at build time from the AppHost's project references that
/// carry <c>AppHostResourceType</c> (like Aspire's generated <c>Projects.*</c> classes).
/// </summary>
public interface IProjectMetadata
{
    /// <summary>Full path of the project file.</summary>
    string ProjectPath { get; }
}
