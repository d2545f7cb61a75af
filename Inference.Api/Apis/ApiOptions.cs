namespace Inference.Api.Apis;

/// <summary>Request limits and defaults of the public API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>Largest request body accepted; a larger one gets 413.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary><c>max_tokens</c> when the request gives none.</summary>
    public int DefaultMaxTokens { get; set; } = 128;

    /// <summary>Largest <c>max_tokens</c> accepted (the model's context bounds it further).</summary>
    public int MaxTokensLimit { get; set; } = 4096;

    /// <summary>Most stop sequences per request (OpenAI allows 4).</summary>
    public int MaxStopSequences { get; set; } = 4;

    /// <summary>Longest stop sequence, in characters.</summary>
    public int MaxStopLength { get; set; } = 64;

    /// <summary>Most chat messages per request.</summary>
    public int MaxMessages { get; set; } = 256;

    /// <summary>Salt of the user-id hash; set it per deployment so hashes are stable across restarts.</summary>
    public string? UserHashSalt { get; set; }
}
