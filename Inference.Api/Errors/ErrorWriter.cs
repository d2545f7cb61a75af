using System.Globalization;
using System.Text.Json;

namespace Inference.Api.Errors;

/// <summary>
/// Writes an <see cref="ApiError"/> in the format of the route family: RFC 7807 problem+json with the request id
/// on native routes, the OpenAI error object on <c>/v1/*</c>. Never a stack trace.
/// </summary>
internal static class ErrorWriter
{
    /// <summary>Writes the error as problem+json (native routes).</summary>
    public static async Task WriteProblemAsync(HttpContext context, ApiError error)
    {
        Prepare(context, error, "application/problem+json");
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "https://httpwg.org/specs/rfc9110.html#status." + error.Status.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("title"u8, Title(error.Status));
        writer.WriteNumber("status"u8, error.Status);
        writer.WriteString("detail"u8, error.Message);
        writer.WriteString("code"u8, error.Code);
        if (error.Param is { } param)
        {
            writer.WriteString("param"u8, param);
        }

        writer.WriteString("requestId"u8, RequestId.Of(context));
        writer.WriteEndObject();
    }

    /// <summary>Writes the error as an OpenAI error object (<c>/v1/*</c> routes).</summary>
    public static async Task WriteOpenAiAsync(HttpContext context, ApiError error)
    {
        Prepare(context, error, "application/json");
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartObject("error"u8);
        writer.WriteString("message"u8, error.Message);
        writer.WriteString("type"u8, OpenAiType(error.Status));
        if (error.Param is { } param)
        {
            writer.WriteString("param"u8, param);
        }
        else
        {
            writer.WriteNull("param"u8);
        }

        writer.WriteString("code"u8, error.Code);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Prepare(HttpContext context, ApiError error, string contentType)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = contentType;
        if (error.RetryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string Title(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Error",
    };

    // The type strings the OpenAI API uses, so SDKs map them to their exception classes.
    private static string OpenAiType(int status) => status switch
    {
        401 => "authentication_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
