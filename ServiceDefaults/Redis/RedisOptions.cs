using System.Globalization;

namespace ServiceDefaults.Redis;

/// <summary>
/// A cache connection string in the StackExchange.Redis form Aspire injects:
/// <c>host:port[,password=...][,user=...][,ssl=false][,defaultDatabase=n][,name=...][,connectTimeout=ms][,syncTimeout=ms][,protocol=resp3]</c>.
/// Unknown keys are ignored; the password never appears in messages.
/// </summary>
internal sealed record RedisOptions
{
    public string Host { get; init; } = "localhost";
    public int Port { get; init; } = 6379;
    public string? User { get; init; }
    public string? Password { get; init; }
    public int Database { get; init; }
    public string? ClientName { get; init; }
    public bool Resp3 { get; init; }
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Parses a connection string; throws <see cref="FormatException"/> naming the bad part.</summary>
    public static RedisOptions Parse(string connectionString)
    {
        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("The cache connection string is empty.");
        }

        var address = parts[0];
        var colon = address.LastIndexOf(':');
        var options = new RedisOptions
        {
            Host = (colon > 0 ? address[..colon] : address).Trim('[', ']'),
            Port = colon > 0 ? Int(address[(colon + 1)..], "port") : 6379,
        };
        foreach (var part in parts.AsSpan(1))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var key = part[..eq].ToLowerInvariant();
            var value = part[(eq + 1)..];
            options = key switch
            {
                "password" => options with { Password = value },
                "user" => options with { User = value },
                "defaultdatabase" => options with { Database = Int(value, key) },
                "name" => options with { ClientName = value },
                "connecttimeout" => options with { ConnectTimeout = TimeSpan.FromMilliseconds(Int(value, key)) },
                "synctimeout" or "asynctimeout" => options with { CommandTimeout = TimeSpan.FromMilliseconds(Int(value, key)) },
                "protocol" => options with { Resp3 = value.Equals("resp3", StringComparison.OrdinalIgnoreCase) || value == "3" },
                "ssl" when value.Equals("true", StringComparison.OrdinalIgnoreCase) =>
                    throw new FormatException("ssl=true is not supported by this client; use a TLS-terminating proxy or ssl=false."),
                _ => options,
            };
        }

        return options;
    }

    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    private static int Int(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"The cache connection string's {name} '{value}' is not a number.");
}
