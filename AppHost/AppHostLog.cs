using AppHost.Cache;
using Microsoft.Extensions.Logging;

namespace AppHost;

/// <summary>The AppHost's own log lines (Aspire logs the rest).</summary>
internal static partial class AppHostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Cache '{Name}': {Kind}, because {Reason}.")]
    public static partial void CacheChosen(ILogger logger, string name, CacheServerKind kind, string reason);
}
