using System.Text;
using System.Text.RegularExpressions;

namespace Inference.Api.Tokenization;

// The tokenizer.json "pre_tokenizer" components this engine supports. Each splits every piece it is given.

/// <summary>Splits text into the pieces the model tokenizes independently.</summary>
internal interface IPreTokenizer
{
    /// <summary>
    /// Splits each of <paramref name="pieces"/> and returns the new list. <paramref name="firstSegment"/> says whether
    /// the text is the start of the input (not text that follows an added token).
    /// </summary>
    List<string> Split(List<string> pieces, bool firstSegment);
}

/// <summary>How a split pattern's matches are kept (tokenizers' SplitDelimiterBehavior).</summary>
internal enum SplitBehavior
{
    Removed,
    Isolated,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}

/// <summary>Splits on a regex; matches are kept according to the behavior (invert swaps matches and gaps).</summary>
internal sealed class RegexSplitPreTokenizer(Regex pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    public List<string> Split(List<string> pieces, bool firstSegment)
    {
        var output = new List<string>(pieces.Count * 2);
        foreach (var piece in pieces)
        {
            SplitOne(piece, output);
        }

        return output;
    }

    private void SplitOne(string text, List<string> output)
    {
        // Segments alternate between gaps (false) and matches (true); invert flips which are "delimiters".
        var segments = new List<(string Text, bool Delimiter)>();
        var last = 0;
        foreach (Match m in pattern.Matches(text))
        {
            if (m.Length == 0)
            {
                continue;
            }

            if (m.Index > last)
            {
                segments.Add((text[last..m.Index], invert));
            }

            segments.Add((m.Value, !invert));
            last = m.Index + m.Length;
        }

        if (last < text.Length)
        {
            segments.Add((text[last..], invert));
        }

        var pending = new StringBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            var (segment, delimiter) = segments[i];
            if (!delimiter)
            {
                pending.Append(segment);
                if (behavior != SplitBehavior.MergedWithNext || i == segments.Count - 1)
                {
                    Flush(pending, output);
                }

                continue;
            }

            switch (behavior)
            {
                case SplitBehavior.Removed:
                    Flush(pending, output);
                    break;
                case SplitBehavior.Isolated:
                    Flush(pending, output);
                    output.Add(segment);
                    break;
                case SplitBehavior.MergedWithPrevious:
                    if (output.Count > 0 && pending.Length == 0 && i > 0 && !segments[i - 1].Delimiter)
                    {
                        output[^1] += segment;
                    }
                    else
                    {
                        Flush(pending, output);
                        output.Add(segment);
                    }

                    break;
                case SplitBehavior.MergedWithNext:
                    Flush(pending, output);
                    pending.Append(segment);
                    break;
                case SplitBehavior.Contiguous:
                    if (i > 0 && segments[i - 1].Delimiter && output.Count > 0)
                    {
                        output[^1] += segment;
                    }
                    else
                    {
                        Flush(pending, output);
                        output.Add(segment);
                    }

                    break;
            }
        }

        Flush(pending, output);
    }

    private static void Flush(StringBuilder pending, List<string> output)
    {
        if (pending.Length > 0)
        {
            output.Add(pending.ToString());
            pending.Clear();
        }
    }
}

/// <summary>
/// GPT-2 byte-level pre-tokenization: optionally split with GPT-2's regex, then spell every UTF-8 byte with
/// the byte-level alphabet, so the BPE model never meets an unknown symbol.
/// </summary>
internal sealed partial class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    public List<string> Split(List<string> pieces, bool firstSegment)
    {
        var output = new List<string>(pieces.Count * 4);
        for (var p = 0; p < pieces.Count; p++)
        {
            var piece = pieces[p];
            if (addPrefixSpace && piece.Length > 0 && piece[0] != ' ')
            {
                piece = " " + piece;
            }

            if (!useRegex)
            {
                output.Add(Spell(piece));
                continue;
            }

            foreach (var match in Gpt2().EnumerateMatches(piece))
            {
                output.Add(Spell(piece.AsSpan(match.Index, match.Length)));
            }
        }

        return output;
    }

    /// <summary>The byte-level spelling of text.</summary>
    public static string Spell(ReadOnlySpan<char> text)
    {
        Span<byte> bytes = text.Length <= 256 ? stackalloc byte[text.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var count = Encoding.UTF8.GetBytes(text, bytes);
        return string.Create(count, bytes[..count].ToArray(), static (chars, b) =>
        {
            for (var i = 0; i < b.Length; i++)
            {
                chars[i] = ByteLevelAlphabet.ToChar(b[i]);
            }
        });
    }

    // GPT-2's pattern (openai/gpt-2 encoder.py), as tokenizers' ByteLevel uses it.
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Gpt2();
}

/// <summary>SentencePiece-style: spaces become ▁, a ▁ is prepended (per scheme), and pieces start at each ▁.</summary>
internal sealed class MetaspacePreTokenizer(char replacement, string prependScheme, bool split) : IPreTokenizer
{
    public List<string> Split(List<string> pieces, bool firstSegment)
    {
        var output = new List<string>(pieces.Count * 4);
        for (var p = 0; p < pieces.Count; p++)
        {
            var text = pieces[p].Replace(' ', replacement);
            var prepend = prependScheme == "always" || (prependScheme == "first" && p == 0 && firstSegment);
            if (prepend && text.Length > 0 && text[0] != replacement)
            {
                text = replacement + text;
            }

            if (!split)
            {
                output.Add(text);
                continue;
            }

            var start = 0;
            for (var i = 1; i < text.Length; i++)
            {
                if (text[i] == replacement)
                {
                    output.Add(text[start..i]);
                    start = i;
                }
            }

            if (start < text.Length)
            {
                output.Add(text[start..]);
            }
        }

        return output;
    }
}

/// <summary>Applies pre-tokenizers in order, each on the pieces of the previous.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> parts) : IPreTokenizer
{
    public List<string> Split(List<string> pieces, bool firstSegment)
    {
        foreach (var part in parts)
        {
            pieces = part.Split(pieces, firstSegment);
        }

        return pieces;
    }
}
