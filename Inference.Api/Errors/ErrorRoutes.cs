namespace Inference.Api.Errors;

/// <summary>Chooses the error format by route family: OpenAI objects under <c>/v1</c>, problem+json elsewhere.</summary>
internal static class ErrorRoutes
{
    public static Task WriteAsync(HttpContext context, ApiError error) =>
        context.Request.Path.StartsWithSegments("/v1") ? ErrorWriter.WriteOpenAiAsync(context, error) : ErrorWriter.WriteProblemAsync(context, error);
}
