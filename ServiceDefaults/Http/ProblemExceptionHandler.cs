using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Http;

/// <summary>
/// An unhandled exception becomes RFC 7807 problem+json 500 with the request id and trace id and nothing of the
/// exception itself; the exception is logged once, with its stack trace.
/// </summary>
internal sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ServiceDefaultsLog.UnhandledException(logger, exception, context.Request.Method, context.Request.Path, context.TraceIdentifier);
        if (context.Response.HasStarted)
        {
            return true; // a stream was under way: nothing can be rewritten, the connection ends
        }

        // The exception middleware cleared the response, headers included: the request id goes back on.
        context.Response.Headers[RequestIdMiddleware.HeaderName] = context.TraceIdentifier;
        if (System.Diagnostics.Activity.Current is { } current)
        {
            context.Response.Headers["traceparent"] = current.Id; // cleared with the rest, like the request id
        }

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "application/problem+json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "https://httpwg.org/specs/rfc9110.html#status.500");
        writer.WriteString("title"u8, "Internal Server Error");
        writer.WriteNumber("status"u8, 500);
        writer.WriteString("detail"u8, "The server failed to complete the request. Quote the request id when reporting it.");
        writer.WriteString("requestId"u8, context.TraceIdentifier);
        if (System.Diagnostics.Activity.Current is { } activity)
        {
            writer.WriteString("traceId"u8, activity.TraceId.ToHexString());
        }

        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
        return true;
    }
}
