using System.Text;
using System.Text.RegularExpressions;

namespace Inference.Api.Tokenization;

// The tokenizer.json "normalizer" components this engine supports. Each is tiny, so they share a file.

/// <summary>Rewrites text before pre-tokenization.</summary>
internal interface INormalizer
{
    string Normalize(string text);
}

/// <summary>Unicode normalization (NFC, NFD, NFKC, NFKD).</summary>
internal sealed class UnicodeNormalizer(NormalizationForm form) : INormalizer
{
    public string Normalize(string text) => text.IsNormalized(form) ? text : text.Normalize(form);
}

/// <summary>Lower-cases with invariant rules.</summary>
internal sealed class LowercaseNormalizer : INormalizer
{
    public string Normalize(string text) => text.ToLowerInvariant();
}

/// <summary>Prepends a string (SentencePiece's ▁ for the first word) to non-empty text.</summary>
internal sealed class PrependNormalizer(string prefix) : INormalizer
{
    public string Normalize(string text) => text.Length == 0 ? text : prefix + text;
}

/// <summary>Replaces a literal string or a regex with content.</summary>
internal sealed class ReplaceNormalizer(Regex pattern, string content) : INormalizer
{
    public string Normalize(string text) => pattern.Replace(text, content.Replace("$", "$$", StringComparison.Ordinal));
}

/// <summary>Strips whitespace on either side.</summary>
internal sealed class StripNormalizer(bool left, bool right) : INormalizer
{
    public string Normalize(string text) => left && right ? text.Trim() : left ? text.TrimStart() : right ? text.TrimEnd() : text;
}

/// <summary>Applies normalizers in order.</summary>
internal sealed class SequenceNormalizer(IReadOnlyList<INormalizer> parts) : INormalizer
{
    public string Normalize(string text)
    {
        foreach (var part in parts)
        {
            text = part.Normalize(text);
        }

        return text;
    }
}
