using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ServiceDefaults.Http;

/// <summary>
/// Puts the request-id middleware in front of everything the app adds, so every response carries the id; then status
/// code pages, so an error the framework answers without a body (an unknown route, a wrong method) gets a problem body.
/// </summary>
internal sealed class ServiceDefaultsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseStatusCodePages();
        next(app);
    };
}
