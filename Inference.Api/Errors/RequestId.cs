namespace Inference.Api.Errors;

/// <summary>The request id of a request, as the request-id middleware set it (header echoed on the response).</summary>
internal static class RequestId
{
    /// <summary>The <c>X-Request-ID</c> response header when set, else the connection's trace identifier.</summary>
    public static string Of(HttpContext context) =>
        context.Response.Headers.TryGetValue("X-Request-ID", out var id) && id.Count > 0 && !string.IsNullOrEmpty(id[0])
            ? id[0]!
            : context.TraceIdentifier;
}
