namespace Inference.Api;

/// <summary>Every log message of Inference.Api, source-generated, with fixed event ids (house style point 10).</summary>
internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Telemetry event sink unavailable, spooling events locally: {Reason}")]
    public static partial void EventSinkUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Telemetry event sink reachable again; spooled events replayed")]
    public static partial void EventSinkRecovered(ILogger logger);
}
