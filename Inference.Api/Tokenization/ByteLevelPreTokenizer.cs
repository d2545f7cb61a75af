using System.Text.RegularExpressions;

namespace Inference.Api.Tokenization;

/// <summary>
/// GPT-2's byte-level pre-tokenizer: optionally a leading space, the GPT-2 word regex, then every piece's UTF-8
/// bytes mapped to the <see cref="ByteLevelAlphabet"/>.
/// </summary>
internal sealed partial class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    /// <inheritdoc />
    public void PreTokenize(string text, bool isFirstSection, List<string> output)
    {
        if (addPrefixSpace && !text.StartsWith(' '))
        {
            text = " " + text;
        }

        if (!useRegex)
        {
            output.Add(ByteLevelAlphabet.Encode(text));
            return;
        }

        foreach (ValueMatch m in Gpt2Pattern().EnumerateMatches(text))
        {
            output.Add(ByteLevelAlphabet.Encode(text.AsSpan(m.Index, m.Length)));
        }
    }

    /// <summary>
    /// The GPT-2 pre-tokenization pattern (the one the Hugging Face ByteLevel pre-tokenizer hard-codes). Known gap:
    /// .NET matches \p{..} per UTF-16 unit, so letters outside the BMP (e.g. U+1D407) fall in the punctuation
    /// alternative instead of the letter one; ids only differ when the vocabulary merges across such a boundary.
    /// </summary>
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Gpt2Pattern();
}
