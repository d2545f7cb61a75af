using Microsoft.AspNetCore.Http;

namespace AppHost.Dashboard.Api;

/// <summary>Relays an upstream error body with its own status (e.g. the aggregator's 400 problem for a bad window).</summary>
/// <param name="status">HTTP status.</param>
/// <param name="body">Body bytes.</param>
/// <param name="contentType">Content type.</param>
internal sealed class StatusBytesResult(int status, byte[] body, string contentType) : IResult
{
    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = contentType;
        await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
    }
}
