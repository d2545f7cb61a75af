using System.Globalization;

namespace TestSupport.Cache;

/// <summary>A cache address in the connection-string form Aspire emits: <c>host:port[,password=...][,ssl=false]</c>.</summary>
internal sealed record CacheEndpoint(string Host, int Port, string? Password)
{
    /// <summary>Parses <c>host:port</c> followed by optional comma-separated <c>key=value</c> options.</summary>
    public static CacheEndpoint Parse(string connectionString)
    {
        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("The cache connection string is empty.");
        }

        var address = parts[0];
        var colon = address.LastIndexOf(':');
        var host = colon > 0 ? address[..colon] : address;
        var port = 6379;
        if (colon > 0 && !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            throw new FormatException($"The cache connection string '{address}' has no valid port.");
        }

        string? password = null;
        foreach (var option in parts.AsSpan(1))
        {
            var eq = option.IndexOf('=');
            if (eq > 0 && option[..eq].Equals("password", StringComparison.OrdinalIgnoreCase))
            {
                password = option[(eq + 1)..];
            }
        }

        return new CacheEndpoint(host.Trim('[', ']'), port, password);
    }

    /// <summary>Formats the endpoint back into a connection string.</summary>
    public string ToConnectionString(bool redactPassword = false)
    {
        var address = Host + ":" + Port.ToString(CultureInfo.InvariantCulture);
        return Password is null ? address : address + ",password=" + (redactPassword ? "***" : Password);
    }
}
