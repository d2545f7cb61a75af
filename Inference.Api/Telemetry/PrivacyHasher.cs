using System.Security.Cryptography;
using System.Text;

namespace Inference.Api.Telemetry;

/// <summary>
/// Identities and prompts never leave the service in clear: user ids become a salted HMAC-SHA256 prefix (stable
/// per deployment, not reversible by a dictionary without the salt), prompts a short SHA-256 prefix.
/// </summary>
internal sealed class PrivacyHasher(byte[] salt)
{
    /// <summary>Hex characters kept: 64 bits, enough to tell users and repeats apart.</summary>
    public const int PrefixLength = 16;

    /// <summary>The salted hash of a user id, or null when absent.</summary>
    public string? HashUser(string? user)
    {
        if (string.IsNullOrEmpty(user))
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(user), hash);
        return Convert.ToHexStringLower(hash)[..PrefixLength];
    }

    /// <summary>A short SHA-256 of the prompt text, to spot repeats without storing it.</summary>
    public static string PromptHash(string prompt)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(prompt), hash);
        return Convert.ToHexStringLower(hash)[..PrefixLength];
    }
}
