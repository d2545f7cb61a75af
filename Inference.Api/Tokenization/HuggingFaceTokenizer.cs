using System.Text;
using System.Text.RegularExpressions;

namespace Inference.Api.Tokenization;

/// <summary>
/// A tokenizer.json pipeline: added tokens are split out of the raw text first, every other segment is normalized,
/// pre-tokenized and run through the BPE model; decoding maps ids back to bytes (see <see cref="TokenDecoder"/>).
/// </summary>
internal sealed class HuggingFaceTokenizer : ITokenizer
{
    private readonly INormalizer? _normalizer;
    private readonly IPreTokenizer? _preTokenizer;
    private readonly BpeModel _model;
    private readonly TokenDecoder _decoder;
    private readonly Regex? _addedPattern;
    private readonly Dictionary<string, int> _addedIds;
    private readonly Dictionary<string, int> _vocab;
    private readonly string?[] _tokens;
    private readonly int[] _prefix;
    private readonly int[] _suffix;

    public HuggingFaceTokenizer(TokenizerParts parts)
    {
        _normalizer = parts.Normalizer;
        _preTokenizer = parts.PreTokenizer;
        _model = parts.Model;
        _decoder = parts.Decoder;
        _addedIds = parts.AddedTokens;
        _vocab = parts.Vocabulary;
        _tokens = parts.Tokens;
        _prefix = parts.TemplatePrefix;
        _suffix = parts.TemplateSuffix;
        _addedPattern = parts.AddedPattern;
    }

    public int VocabularySize => _tokens.Length;

    public int[] Encode(string text, bool addSpecialTokens = false)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        if (addSpecialTokens)
        {
            ids.AddRange(_prefix);
        }

        var start = 0;
        if (_addedPattern is not null)
        {
            // Group "t" is the token itself; lstrip/rstrip tokens also consume the whitespace around them.
            for (var match = _addedPattern.Match(text); match.Success; match = match.NextMatch())
            {
                EncodeSegment(text[start..match.Index], start == 0, ids);
                ids.Add(_addedIds[match.Groups["t"].Value]);
                start = match.Index + match.Length;
            }
        }

        EncodeSegment(text[start..], start == 0, ids);
        if (addSpecialTokens)
        {
            ids.AddRange(_suffix);
        }

        return [.. ids];
    }

    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = true)
    {
        var bytes = new List<byte>(ids.Length * 4);
        foreach (var id in ids)
        {
            if (!(skipSpecialTokens && _decoder.IsSpecial(id)))
            {
                _decoder.AppendBytes(id, bytes);
            }
        }

        var strip = 0;
        while (strip < _decoder.StripStart && strip < bytes.Count && bytes[strip] == (byte)' ')
        {
            strip++;
        }

        return Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes)[strip..]);
    }

    public int? TokenToId(string token) =>
        _addedIds.TryGetValue(token, out var added) ? added : _vocab.TryGetValue(token, out var id) ? id : null;

    public string? IdToToken(int id) => (uint)id < (uint)_tokens.Length ? _tokens[id] : null;

    public ITokenStreamDecoder CreateStreamDecoder(bool skipSpecialTokens = true) => new TokenStreamDecoder(_decoder, skipSpecialTokens);

    private void EncodeSegment(string segment, bool first, List<int> ids)
    {
        if (segment.Length == 0)
        {
            return;
        }

        var normalized = _normalizer?.Normalize(segment) ?? segment;
        var pieces = _preTokenizer?.Split([normalized], first) ?? [normalized];
        foreach (var piece in pieces)
        {
            _model.Tokenize(piece, ids);
        }
    }
}

/// <summary>What <see cref="TokenizerFactory"/> read from a tokenizer.json.</summary>
internal sealed record TokenizerParts(
    INormalizer? Normalizer,
    IPreTokenizer? PreTokenizer,
    BpeModel Model,
    TokenDecoder Decoder,
    Dictionary<string, int> Vocabulary,
    Dictionary<string, int> AddedTokens,
    Regex? AddedPattern,
    string?[] Tokens,
    int[] TemplatePrefix,
    int[] TemplateSuffix);
