using Microsoft.AspNetCore.Mvc;
using System.Diagnostics;
using Inference.Api.Onnx;
using Microsoft.Extensions.AI;

namespace Inference.Api.Apis;

/// <summary>
/// <c>GET /health/detailed</c>: a timed one-token generation through the same chat client users reach, the
/// engine in use and its runtime (versions, providers), model facts, the batched decoder's figures and uptime. 200 when the self-test passes, 503 otherwise.
/// </summary>
internal static class HealthDetailedApi
{
    private static readonly TimeSpan s_selfTestTimeout = TimeSpan.FromSeconds(10);
    private static readonly long s_started = Stopwatch.GetTimestamp();

    public static RouteHandlerBuilder MapHealthDetailedApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/health/detailed", CheckAsync).WithName("HealthDetailed");

    public static async Task<IResult> CheckAsync([FromServices] IChatClient chat, [FromServices] IModelEngine engine, CancellationToken cancellationToken)
    {
        var model = engine.Model;
        var watch = Stopwatch.StartNew();
        string? error = null;
        var tokens = 0L;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_selfTestTimeout);
            var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "In the beginning")],
                new ChatOptions { MaxOutputTokens = 1, Temperature = 0, AdditionalProperties = new() { [OnnxChatClient.RawPromptOption] = true } }, timeout.Token);
            tokens = response.Usage?.OutputTokenCount ?? 0;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = e.Message;
        }

        var healthy = error is null && tokens == 1;
        var body = new Dictionary<string, object?>
        {
            ["status"] = healthy ? "Healthy" : "Unhealthy",
            ["selfTest"] = new Dictionary<string, object?> { ["ok"] = healthy, ["ms"] = Math.Round(watch.Elapsed.TotalMilliseconds, 2), ["outputTokens"] = tokens, ["error"] = error },
            ["model"] = new Dictionary<string, object?>
            {
                ["name"] = model.Name, ["path"] = model.Path, ["type"] = model.Config.ModelType, ["vocabSize"] = model.Config.VocabSize,
                ["contextLength"] = model.Config.ContextLength, ["layers"] = model.Config.NumHiddenLayers, ["heads"] = model.Config.NumAttentionHeads,
                ["kvHeads"] = model.Config.NumKeyValueHeads, ["loadMs"] = Math.Round(engine.LoadTime.TotalMilliseconds, 1),
            },
            ["onnxRuntime"] = engine.RuntimeFacts(),
            ["engine"] = engine.EngineFacts(),
            ["uptimeSeconds"] = Math.Round(Stopwatch.GetElapsedTime(s_started).TotalSeconds, 1),
        };
        return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
