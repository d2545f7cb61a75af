using Inference.Api.Apis;
using Inference.Api.Errors;

namespace Inference.Api.Security;

/// <summary>
/// Requires a valid bearer key on the inference routes when keys are configured, and records the caller's tenant
/// for telemetry and rate limiting. Refusals are 401 in the route family's error format.
/// </summary>
internal sealed class ApiKeyFilter(ApiKeyRegistry keys, InferenceEndpointServices services) : IEndpointFilter
{
    /// <summary>HttpContext.Items key of the caller's tenant.</summary>
    public const string TenantItem = "inference.tenant";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!keys.Enabled)
        {
            return await next(context);
        }

        var header = http.Request.Headers.Authorization.ToString();
        var tenant = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? keys.TenantOf(header[7..].Trim()) : null;
        if (tenant is null)
        {
            var error = new ApiError(StatusCodes.Status401Unauthorized, "unauthorized",
                header.Length == 0 ? "An API key is required: send Authorization: Bearer <key>." : "The API key is not valid.");
            http.Response.Headers.WWWAuthenticate = "Bearer";
            var route = http.Request.Path.StartsWithSegments("/v1") ? ChatCompletionsApi.Route : GenerateApi.Route;
            using var outcome = OutcomeBuilder.Start(services, http, route, route == GenerateApi.Route ? "text_completion" : "chat");
            outcome.Failed(error);
            await ErrorRoutes.WriteAsync(http, error);
            return Results.Empty; // the response is written; nothing more to execute

        }

        http.Items[TenantItem] = tenant;
        return await next(context);
    }
}
