namespace Inference.Api.Tests;

/// <summary>Where repository files are, found from the test assembly's folder.</summary>
internal static class TestPaths
{
    /// <summary>The repository root (the folder holding InferenceService.slnx).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The embedded model folder shipped in models/.</summary>
    public static string ShippedModel => Path.Combine(RepoRoot, "models", "kjv-5m");

    /// <summary>A file under this test project's folder.</summary>
    public static string TestData(params string[] parts) => Path.Combine([RepoRoot, "Tests", "Inference.Api.Tests", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InferenceService.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("InferenceService.slnx not found above " + AppContext.BaseDirectory);
    }
}
