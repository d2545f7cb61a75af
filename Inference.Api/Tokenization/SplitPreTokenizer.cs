using System.Text.RegularExpressions;

namespace Inference.Api.Tokenization;

/// <summary>The <c>Split</c> pre-tokenizer: a pattern (literal or regex), a delimiter behaviour and <c>invert</c>.</summary>
internal sealed class SplitPreTokenizer(Regex pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    /// <inheritdoc />
    public void PreTokenize(string text, bool isFirstSection, List<string> output) =>
        RegexSplitter.Split(pattern, text, behavior, invert, output);
}
