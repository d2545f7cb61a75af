namespace Inference.Api.Security;

/// <summary>
/// Optional API keys (section <c>Auth</c>). With no keys configured the API is open; with keys, every inference
/// route needs <c>Authorization: Bearer &lt;key&gt;</c>. Health and metrics endpoints always stay open.
/// </summary>
public sealed class ApiKeyOptions
{
    /// <summary>The accepted keys and the tenant each bills to.</summary>
    public List<ApiKeyEntry> Keys { get; set; } = [];

    /// <summary>Requests per minute allowed per key (token bucket; 0 disables rate limiting).</summary>
    public int RequestsPerMinute { get; set; } = 600;
}

/// <summary>One key. Give either the key itself or its SHA-256 (hex) so the secret need not sit in configuration.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>The key in clear (hashed at startup, never kept).</summary>
    public string? Key { get; set; }

    /// <summary>SHA-256 of the key, lowercase hex.</summary>
    public string? Sha256 { get; set; }

    /// <summary>Tenant the key's requests are counted and billed under.</summary>
    public string Tenant { get; set; } = "default";
}
