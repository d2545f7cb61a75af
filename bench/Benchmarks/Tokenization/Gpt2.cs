using System.Text.RegularExpressions;

namespace Benchmarks.Tokenization;

/// <summary>The GPT-2 split pattern, for the regex-only baseline.</summary>
internal static partial class Gpt2
{
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    public static partial Regex Pattern();
}
