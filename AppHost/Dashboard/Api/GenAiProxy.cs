using Microsoft.AspNetCore.Http;

namespace AppHost.Dashboard.Api;

/// <summary>Forwards one GET to the aggregator and relays status, content type and body.</summary>
internal sealed class GenAiProxy(HttpClient http)
{
    /// <summary>Body size relayed at most (the aggregator's answers are a few KB).</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>Proxies to <paramref name="path"/> on the aggregator with the request's query string.</summary>
    public async Task<IResult> ForwardAsync(HttpContext context, IResourceCatalog catalog, string path)
    {
        if (catalog.AggregatorUrl is not { } aggregator)
        {
            return DashboardProblem.Create(context, StatusCodes.Status502BadGateway, "Aggregator not running",
                "The aggregator has not started (or the AppHost runs without it); its figures appear once it is healthy.");
        }

        var target = new Uri(aggregator, path + context.Request.QueryString.Value);
        try
        {
            using var response = await http.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            if (response.Content.Headers.ContentLength > MaxBodyBytes)
            {
                return DashboardProblem.Create(context, StatusCodes.Status502BadGateway, "Aggregator answer too large", $"{target} answered over {MaxBodyBytes} bytes.");
            }

            if ((int)response.StatusCode >= 500)
            {
                return DashboardProblem.Create(context, StatusCodes.Status502BadGateway, "Aggregator error", $"{target} answered {(int)response.StatusCode}.");
            }

            var body = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            var type = response.Content.Headers.ContentType?.ToString() ?? "application/json";
            return new StatusBytesResult((int)response.StatusCode, body, type);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            return DashboardProblem.Create(context, StatusCodes.Status502BadGateway, "Aggregator unreachable", $"{target}: {e.Message}");
        }
    }
}
