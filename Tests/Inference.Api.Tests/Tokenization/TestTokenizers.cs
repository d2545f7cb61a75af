using System.Text;
using Inference.Api.Tokenization;

namespace Inference.Api.Tests.Tokenization;

/// <summary>Where the committed test tokenizers (and the shipped model's, once present) live.</summary>
internal static class TestTokenizers
{
    /// <summary>The repository root: the nearest ancestor of the test binaries holding InferenceService.slnx.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Folder of the committed test data.</summary>
    public static string DataDirectory => Path.Combine(RepositoryRoot, "Tests", "Inference.Api.Tests", "Tokenization", "data");

    /// <summary>The GPT-2 style byte-level test tokenizer.</summary>
    public static string ByteLevelPath => Path.Combine(DataDirectory, "bytelevel-bpe.json");

    /// <summary>The Llama-2 style metaspace + byte_fallback test tokenizer.</summary>
    public static string MetaspacePath => Path.Combine(DataDirectory, "metaspace-bpe.json");

    /// <summary>Every tokenizer.json under models/ (the shipped model's), relative to the repository root.</summary>
    public static IEnumerable<string> ShippedPaths()
    {
        string models = Path.Combine(RepositoryRoot, "models");
        return Directory.Exists(models)
            ? Directory.EnumerateFiles(models, "tokenizer.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];
    }

    /// <summary>Loads a tokenizer from inline JSON text.</summary>
    public static ITokenizer FromJson(string json) => TokenizerFactory.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

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
