namespace Inference.Api.Errors;

/// <summary>
/// Status-code problems the framework raises itself (an unknown route, a wrong method) answered on <c>/v1/*</c> as
/// OpenAI error objects, so an OpenAI SDK pointed at a wrong path gets an error it can read. Other paths keep the
/// default problem+json writer.
/// </summary>
internal sealed class OpenAiProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments("/v1");

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
        var message = status switch
        {
            StatusCodes.Status404NotFound => $"Unknown route {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"Method {context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}.",
            _ => context.ProblemDetails.Detail ?? context.ProblemDetails.Title ?? "The request failed.",
        };
        return new ValueTask(ErrorWriter.WriteOpenAiAsync(context.HttpContext, new ApiError(status, status == 404 ? "not_found" : "invalid_request", message)));
    }
}
