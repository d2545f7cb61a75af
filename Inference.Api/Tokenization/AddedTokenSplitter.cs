using System.Text.RegularExpressions;

namespace Inference.Api.Tokenization;

/// <summary>
/// Finds added tokens written in the text (leftmost, longest first) and cuts the text around them, honouring
/// <c>single_word</c>, <c>lstrip</c> and <c>rstrip</c>.
/// </summary>
internal sealed class AddedTokenSplitter
{
    private readonly Regex? _pattern;
    private readonly Dictionary<string, AddedToken> _byContent;

    /// <summary>Builds the matcher for <paramref name="tokens"/>.</summary>
    public AddedTokenSplitter(IReadOnlyList<AddedToken> tokens)
    {
        _byContent = new Dictionary<string, AddedToken>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            if (token.Content.Length > 0)
            {
                _byContent[token.Content] = token;
            }
        }

        if (_byContent.Count > 0)
        {
            // Longest first: .NET alternation takes the first alternative that matches, so this is leftmost-longest.
            var alternatives = _byContent.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).Select(Regex.Escape);
            _pattern = new Regex(string.Join('|', alternatives), RegexOptions.CultureInvariant);
        }
    }

    /// <summary>Appends the sections of <paramref name="text"/>: plain text (token null) or an added token.</summary>
    public void Split(string text, List<(string Text, AddedToken? Token)> output)
    {
        if (_pattern is null)
        {
            output.Add((text, null));
            return;
        }

        int plainStart = 0;
        int searchFrom = 0;
        while (searchFrom <= text.Length)
        {
            var match = _pattern.Match(text, searchFrom);
            if (!match.Success)
            {
                break;
            }

            var token = _byContent[match.Value];
            int start = match.Index;
            int end = match.Index + match.Length;
            if (token.SingleWord && (IsWordChar(text, start - 1) || IsWordChar(text, end)))
            {
                searchFrom = start + 1;
                continue;
            }

            if (token.LeftStrip)
            {
                while (start > plainStart && char.IsWhiteSpace(text[start - 1]))
                {
                    start--;
                }
            }

            if (token.RightStrip)
            {
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }
            }

            if (start > plainStart)
            {
                output.Add((text[plainStart..start], null));
            }

            output.Add((token.Content, token));
            plainStart = end;
            searchFrom = end;
        }

        if (plainStart < text.Length)
        {
            output.Add((text[plainStart..], null));
        }
    }

    private static bool IsWordChar(string text, int index) =>
        index >= 0 && index < text.Length && (char.IsLetterOrDigit(text[index]) || text[index] == '_');
}
