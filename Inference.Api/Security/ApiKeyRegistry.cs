using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Inference.Api.Security;

/// <summary>Configured keys, held only as SHA-256 hashes; lookups compare hashes in constant time.</summary>
internal sealed class ApiKeyRegistry
{
    private readonly (byte[] Hash, string Tenant)[] _keys;

    public ApiKeyRegistry(IOptions<ApiKeyOptions> options)
    {
        _keys = [.. options.Value.Keys.Select(k => (k.Key is { Length: > 0 } key ? Hash(key) : Convert.FromHexString(k.Sha256 ?? string.Empty), k.Tenant))];
        RequestsPerMinute = options.Value.RequestsPerMinute;
    }

    /// <summary>Whether keys are required.</summary>
    public bool Enabled => _keys.Length > 0;

    public int RequestsPerMinute { get; }

    /// <summary>The tenant of a presented key, or null when it is not one of ours.</summary>
    public string? TenantOf(string presented)
    {
        var hash = Hash(presented);
        string? tenant = null;
        foreach (var (known, owner) in _keys)
        {
            // Check every key so the time taken does not reveal which one matched.
            if (CryptographicOperations.FixedTimeEquals(hash, known))
            {
                tenant = owner;
            }
        }

        return tenant;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
