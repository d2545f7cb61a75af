using System.Text.RegularExpressions;

namespace Inference.Api.Tokenization;

/// <summary>The <c>Digits</c> pre-tokenizer: digits are isolated, one by one or as runs.</summary>
internal sealed partial class DigitsPreTokenizer(bool individualDigits) : IPreTokenizer
{
    /// <inheritdoc />
    public void PreTokenize(string text, bool isFirstSection, List<string> output) =>
        RegexSplitter.Split(
            Digit(), text, individualDigits ? SplitBehavior.Isolated : SplitBehavior.Contiguous, invert: false, output);

    [GeneratedRegex(@"\p{N}", RegexOptions.CultureInvariant)]
    private static partial Regex Digit();
}
