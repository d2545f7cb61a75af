using Microsoft.AspNetCore.Http;

namespace AppHost.Dashboard;

/// <summary>problem+json answers of the dashboard, each with the request id to quote.</summary>
internal static class DashboardProblem
{
    /// <summary>A problem with <paramref name="status"/>, a short title and a detail saying what to change.</summary>
    public static IResult Create(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["requestId"] = context.TraceIdentifier });

    /// <summary>400 naming the bad query parameter.</summary>
    public static IResult BadParameter(HttpContext context, string name, string expected) =>
        Create(context, StatusCodes.Status400BadRequest, "Invalid query parameter", $"'{name}' must be {expected}.");

    /// <summary>404 for an unknown item.</summary>
    public static IResult NotFound(HttpContext context, string what) =>
        Create(context, StatusCodes.Status404NotFound, "Not found", what);
}
