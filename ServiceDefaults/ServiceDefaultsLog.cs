using Microsoft.Extensions.Logging;

namespace ServiceDefaults;

/// <summary>Log messages of the shared defaults, source-generated, with fixed event ids.</summary>
internal static partial class ServiceDefaultsLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Method} {Route} -> {Status} in {DurationMs:F1} ms (request {RequestId})")]
    public static partial void RequestFinished(ILogger logger, string method, string route, int status, double durationMs, string requestId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path} (request {RequestId})")]
    public static partial void UnhandledException(ILogger logger, Exception exception, string method, string path, string requestId);
}
