namespace Inference.Api.Tokenization;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> BPE pipeline: added-token split → normalizer → pre-tokenizer → BPE model →
/// post-processor; decode runs the decoder chain.
/// </summary>
internal sealed class BpeTokenizer : ITokenizer
{
    private readonly BpeModel _model;
    private readonly Func<string, string>? _normalizer;
    private readonly IPreTokenizer? _preTokenizer;
    private readonly ITokenDecoder? _decoder;
    private readonly TemplatePostProcessor? _postProcessor;
    private readonly AddedTokenSplitter _addedSplitter;
    private readonly Dictionary<string, AddedToken> _addedByContent;
    private readonly Dictionary<int, AddedToken> _addedById;
    private readonly string?[] _idToToken;

    /// <summary>Assembles the pipeline from loaded components.</summary>
    public BpeTokenizer(BpeModel model, Func<string, string>? normalizer, IPreTokenizer? preTokenizer, ITokenDecoder? decoder, TemplatePostProcessor? postProcessor, IReadOnlyList<AddedToken> addedTokens)
    {
        _model = model;
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _decoder = decoder;
        _postProcessor = postProcessor;
        _addedSplitter = new AddedTokenSplitter(addedTokens);
        _addedByContent = new Dictionary<string, AddedToken>(StringComparer.Ordinal);
        _addedById = [];
        int size = 0;
        foreach (var (_, id) in model.Vocabulary)
        {
            size = Math.Max(size, id + 1);
        }

        foreach (var token in addedTokens)
        {
            _addedByContent[token.Content] = token;
            _addedById[token.Id] = token;
            size = Math.Max(size, token.Id + 1);
        }

        _idToToken = new string?[size];
        foreach (var (token, id) in model.Vocabulary)
        {
            _idToToken[id] = token;
        }

        foreach (var token in addedTokens)
        {
            _idToToken[token.Id] = token.Content;
        }
    }

    /// <inheritdoc />
    public int VocabularySize => _idToToken.Length;

    /// <summary>True when <paramref name="token"/> is an added token's content (the ByteLevel decoder passes those through).</summary>
    public bool IsAddedToken(string token) => _addedByContent.ContainsKey(token);

    /// <inheritdoc />
    public int[] Encode(string text, bool addSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        var sections = new List<(string Text, AddedToken? Token)>();
        _addedSplitter.Split(text, sections);
        var pieces = new List<string>();
        for (int s = 0; s < sections.Count; s++)
        {
            var (sectionText, token) = sections[s];
            if (token is not null)
            {
                ids.Add(token.Id);
                continue;
            }

            string normalized = _normalizer is null ? sectionText : _normalizer(sectionText);
            if (normalized.Length == 0)
            {
                continue;
            }

            pieces.Clear();
            if (_preTokenizer is null)
            {
                pieces.Add(normalized);
            }
            else
            {
                _preTokenizer.PreTokenize(normalized, s == 0, pieces);
            }

            foreach (var piece in pieces)
            {
                _model.Encode(piece, ids);
            }
        }

        return addSpecialTokens && _postProcessor is not null ? _postProcessor.Apply(ids) : [.. ids];
    }

    /// <inheritdoc />
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = true)
    {
        var tokens = new List<string>(ids.Length);
        foreach (int id in ids)
        {
            string? token = IdToToken(id);
            if (token is null || (skipSpecialTokens && _addedById.TryGetValue(id, out var added) && added.Special))
            {
                continue;
            }

            tokens.Add(token);
        }

        if (_decoder is null)
        {
            return string.Join(' ', tokens);
        }

        _decoder.DecodeChain(tokens);
        return string.Concat(tokens);
    }

    /// <inheritdoc />
    public int? TokenToId(string token) =>
        _addedByContent.TryGetValue(token, out var added) ? added.Id
        : _model.Vocabulary.TryGetValue(token, out int id) ? id
        : null;

    /// <inheritdoc />
    public string? IdToToken(int id) => (uint)id < (uint)_idToToken.Length ? _idToToken[id] : null;

    /// <inheritdoc />
    public ITokenStreamDecoder CreateStreamDecoder(bool skipSpecialTokens = true) => new TokenStreamDecoder(this, skipSpecialTokens);
}
