namespace Inference.Api.Tokenization;

/// <summary>
/// The SentencePiece-style <c>Metaspace</c> pre-tokenizer: spaces become the replacement character (▁), one is
/// prepended per <c>prepend_scheme</c>, and with <c>split</c> each ▁ starts a new piece.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme scheme, bool split) : IPreTokenizer
{
    /// <inheritdoc />
    public void PreTokenize(string text, bool isFirstSection, List<string> output)
    {
        string replaced = text.Replace(' ', replacement);
        bool prepend = scheme == PrependScheme.Always || (scheme == PrependScheme.First && isFirstSection);
        if (prepend && !replaced.StartsWith(replacement))
        {
            replaced = replacement + replaced;
        }

        if (!split)
        {
            output.Add(replaced);
            return;
        }

        // MergedWithNext on the replacement character: each ▁ begins a piece.
        int start = 0;
        for (int i = 1; i < replaced.Length; i++)
        {
            if (replaced[i] == replacement)
            {
                output.Add(replaced[start..i]);
                start = i;
            }
        }

        if (start < replaced.Length)
        {
            output.Add(replaced[start..]);
        }
    }
}
