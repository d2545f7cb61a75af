using Inference.Api.Models;

namespace Inference.Api.Onnx;

/// <summary>Finds the model folder: the configured path (relative to the content root), else the embedded model in models/.</summary>
internal static class ModelLocator
{
    public static string Resolve(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, contentRoot);
        }

        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "models", ModelOptions.DefaultModelName);
                if (File.Exists(Path.Combine(candidate, "genai_config.json")))
                {
                    return candidate;
                }
            }
        }

        throw new ModelFolderException(
            $"No Model:Path is set and the embedded model (models/{ModelOptions.DefaultModelName}) was not found above {contentRoot}. Set Model:Path to a model folder.");
    }
}
