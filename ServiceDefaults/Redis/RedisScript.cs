using System.Security.Cryptography;
using System.Text;

namespace ServiceDefaults.Redis;

/// <summary>A Lua script called by its SHA-1 (EVALSHA), loaded on demand when the server does not know it.</summary>
internal sealed class RedisScript(string source)
{
    public string Source { get; } = source;

    public string Sha1 { get; } = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
}
