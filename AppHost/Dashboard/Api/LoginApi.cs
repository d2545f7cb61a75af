using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AppHost.Dashboard.Api;

/// <summary><c>GET /login?t=token</c>: exchanges the printed token for the dashboard cookie.</summary>
internal static class LoginApi
{
    /// <summary>Maps the login route.</summary>
    public static IEndpointRouteBuilder MapDashboardLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", Login);
        return app;
    }

    private static IResult Login(HttpContext context, DashboardAccess access, string? t)
    {
        if (!access.IsBrowserToken(t))
        {
            return TypedResults.Content(DashboardGate.UnauthorizedPage, "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }

        context.Response.Cookies.Append(DashboardAccess.CookieName, access.BrowserToken, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        return TypedResults.Redirect("/");
    }
}
