using AppHost.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AppHost.Dashboard.Api;

/// <summary><c>/api/resources</c> (list and stop/start/restart) and <c>/api/console/{instance}</c>.</summary>
internal static class ResourcesApi
{
    /// <summary>Most console lines answered at once; a reader pages on with <c>after</c>.</summary>
    public const int MaxConsoleLines = 2_000;

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapResourcesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/resources", (IResourceCatalog catalog) => TypedResults.Ok(catalog.Snapshot()));
        app.MapPost("/api/resources/{instance}/{action}", Control);
        app.MapGet("/api/console/{instance}", Console);
        return app;
    }

    private static IResult Control(HttpContext context, IResourceCatalog catalog, string instance, string action)
    {
        ResourceCommand? command = action switch
        {
            "start" => ResourceCommand.Start,
            "stop" => ResourceCommand.Stop,
            "restart" => ResourceCommand.Restart,
            _ => null,
        };
        if (command is null)
        {
            return DashboardProblem.NotFound(context, $"Unknown action '{action}': use start, stop or restart.");
        }

        if (!catalog.Snapshot().Any(r => r.Instance == instance))
        {
            return DashboardProblem.NotFound(context, $"No resource instance named '{instance}'.");
        }

        return catalog.TrySend(instance, command.Value)
            ? TypedResults.Accepted((string?)null)
            : DashboardProblem.Create(context, StatusCodes.Status409Conflict, "Not controllable",
                $"'{instance}' is not a process the AppHost supervises (a cache runs for the AppHost's whole life).");
    }

    private static IResult Console(HttpContext context, IResourceCatalog catalog, string instance, string? after)
    {
        if (!QueryParameters.TryLong(after, out var afterSeq))
        {
            return DashboardProblem.BadParameter(context, "after", "a non-negative integer (the last seq seen)");
        }

        if (!catalog.Snapshot().Any(r => r.Instance == instance))
        {
            return DashboardProblem.NotFound(context, $"No resource instance named '{instance}'.");
        }

        var console = catalog.Console(instance);
        var lines = console?.After(afterSeq ?? 0, MaxConsoleLines) ?? [];
        return TypedResults.Ok(new { lines, dropped = console?.Dropped ?? 0 });
    }
}
