namespace Inference.Api.Tokenization;

/// <summary>
/// Incremental detokenization: the ids since the last emitted text are decoded together with a few ids of
/// context (so decoders that look at the first token, like Metaspace's space strip, behave as in a full decode),
/// and text is released only when it no longer ends in U+FFFD, i.e. the last UTF-8 sequence is complete.
/// </summary>
internal sealed class TokenStreamDecoder(ITokenizer tokenizer, bool skipSpecialTokens) : ITokenStreamDecoder
{
    /// <summary>
    /// A UTF-8 character is at most 4 bytes and every token adds at least one, so 4 pending ids still ending in
    /// U+FFFD mean genuinely invalid bytes: they are released rather than held forever.
    /// </summary>
    private const int MaxPendingIds = 4;

    private readonly List<int> _ids = [];
    private int _prefixStart;
    private int _readStart;
    private string _prefixText = string.Empty;

    /// <inheritdoc />
    public string Append(int tokenId)
    {
        _ids.Add(tokenId);
        string text = DecodeWindow();
        bool incomplete = text.Length > 0 && text[^1] == '\uFFFD';
        if (text.Length <= _prefixText.Length || (incomplete && _ids.Count - _readStart <= MaxPendingIds))
        {
            return string.Empty;
        }

        return Advance(text);
    }

    /// <inheritdoc />
    public string Flush()
    {
        if (_readStart >= _ids.Count)
        {
            return string.Empty;
        }

        string text = DecodeWindow();
        return text.Length > _prefixText.Length ? Advance(text) : string.Empty;
    }

    private string DecodeWindow() =>
        tokenizer.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_ids)[_prefixStart..], skipSpecialTokens);

    private string Advance(string text)
    {
        string emitted = text[_prefixText.Length..];
        _prefixStart = _readStart;
        _readStart = _ids.Count;
        _prefixText = tokenizer.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_ids)[_prefixStart..], skipSpecialTokens);

        // Ids before the context window are never decoded again: drop them so a long stream stays flat in memory.
        _ids.RemoveRange(0, _prefixStart);
        _readStart -= _prefixStart;
        _prefixStart = 0;
        return emitted;
    }
}
