namespace Telemetry.Aggregator.Stats;

/// <summary>A bad query parameter, answered as 400 problem+json naming the parameter and what it accepts.</summary>
internal sealed class QueryProblem(string parameter, string? value, string allowed) : Exception($"{parameter} '{value}' is not valid; allowed: {allowed}.")
{
    public string Parameter { get; } = parameter;

    public string Allowed { get; } = allowed;

    /// <summary>The problem+json result, with the request id.</summary>
    public IResult ToResult(HttpContext context) => Results.Problem(
        title: "Invalid query parameter",
        detail: Message,
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["parameter"] = Parameter, ["allowed"] = Allowed, ["requestId"] = context.TraceIdentifier });
}
