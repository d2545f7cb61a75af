using System.Text.RegularExpressions;

namespace Inference.Api.Tokenization;

/// <summary>Splits text around the matches of a pattern with one of the <see cref="SplitBehavior"/> rules.</summary>
internal static class RegexSplitter
{
    /// <summary>Appends the non-empty pieces of <paramref name="text"/> to <paramref name="output"/>.</summary>
    public static void Split(Regex pattern, string text, SplitBehavior behavior, bool invert, List<string> output)
    {
        // (start, end, isMatch) spans covering the whole text, in order; stack space for typical sections.
        var spans = new List<(int Start, int End, bool IsMatch)>();
        int previous = 0;
        foreach (ValueMatch m in pattern.EnumerateMatches(text))
        {
            if (m.Length == 0)
            {
                continue;
            }

            if (m.Index > previous)
            {
                spans.Add((previous, m.Index, invert));
            }

            spans.Add((m.Index, m.Index + m.Length, !invert));
            previous = m.Index + m.Length;
        }

        if (previous < text.Length)
        {
            spans.Add((previous, text.Length, invert));
        }

        Emit(text, spans, behavior, output);
    }

    private static void Emit(string text, List<(int Start, int End, bool IsMatch)> spans, SplitBehavior behavior, List<string> output)
    {
        var merged = new List<(int Start, int End)>(spans.Count);
        bool previousMatch = false;
        switch (behavior)
        {
            case SplitBehavior.Removed:
                foreach (var s in spans)
                {
                    if (!s.IsMatch)
                    {
                        merged.Add((s.Start, s.End));
                    }
                }

                break;
            case SplitBehavior.Isolated:
                foreach (var s in spans)
                {
                    merged.Add((s.Start, s.End));
                }

                break;
            case SplitBehavior.MergedWithPrevious:
                foreach (var s in spans)
                {
                    if (s.IsMatch && !previousMatch && merged.Count > 0)
                    {
                        merged[^1] = (merged[^1].Start, s.End);
                    }
                    else
                    {
                        merged.Add((s.Start, s.End));
                    }

                    previousMatch = s.IsMatch;
                }

                break;
            case SplitBehavior.MergedWithNext:
                for (int i = spans.Count - 1; i >= 0; i--)
                {
                    var s = spans[i];
                    if (s.IsMatch && !previousMatch && merged.Count > 0)
                    {
                        merged[^1] = (s.Start, merged[^1].End);
                    }
                    else
                    {
                        merged.Add((s.Start, s.End));
                    }

                    previousMatch = s.IsMatch;
                }

                merged.Reverse();
                break;
            case SplitBehavior.Contiguous:
                for (int i = 0; i < spans.Count; i++)
                {
                    var s = spans[i];
                    if (i > 0 && s.IsMatch && previousMatch)
                    {
                        merged[^1] = (merged[^1].Start, s.End);
                    }
                    else
                    {
                        merged.Add((s.Start, s.End));
                    }

                    previousMatch = s.IsMatch;
                }

                break;
        }

        foreach (var (start, end) in merged)
        {
            output.Add(start == 0 && end == text.Length ? text : text[start..end]);
        }
    }
}
