using Inference.Api.Contracts;
using Inference.Api.Errors;
using Inference.Api.Generation;
using Inference.Api.Telemetry;
using Microsoft.Extensions.AI;

namespace Inference.Api.Apis;

/// <summary><c>POST /generate</c>: plain text completion, as JSON or as server-sent events.</summary>
internal static class GenerateApi
{
    /// <summary>Route name in telemetry.</summary>
    public const string Route = "generate";

    /// <summary>Maps the route.</summary>
    public static RouteHandlerBuilder MapGenerateApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/generate", GenerateAsync).WithName("Generate");

    /// <summary>Handles one request; every outcome, refusals included, is recorded once.</summary>
    public static async Task GenerateAsync(HttpContext context, InferenceEndpointServices services)
    {
        using var outcome = OutcomeBuilder.Start(services, context, Route, "text_completion");
        GenerationCall call;
        try
        {
            var request = await JsonBody.ReadAsync(context, ApiJsonContext.Default.GenerateRequest, services.Api.MaxRequestBytes);
            call = ToCall(context, services, request);
            outcome.Accepted(call);
        }
        catch (ApiErrorException e)
        {
            outcome.Failed(e.Error);
            await ErrorWriter.WriteProblemAsync(context, e.Error);
            return;
        }

        try
        {
            if (call.Stream)
            {
                await StreamAsync(context, services, call, outcome);
            }
            else
            {
                var result = await services.Runner.RunAsync(call, outcome.StartTimestamp, null, context.RequestAborted);
                var recorded = outcome.Completed(call, result, StatusCodes.Status200OK);
                await context.Response.WriteAsJsonAsync(
                    new GenerateResponse(call.RequestId, services.Runner.ModelName, result.Text, result.FinishReason,
                        new GenerateUsage(result.InputTokens, result.OutputTokens), Milliseconds(recorded.LatencySeconds), Milliseconds(result.TimeToFirstTokenSeconds)),
                    ApiJsonContext.Default.GenerateResponse);
            }
        }
        catch (ApiErrorException e) when (!context.Response.HasStarted)
        {
            outcome.Failed(e.Error);
            await ErrorWriter.WriteProblemAsync(context, e.Error);
        }
        catch (Exception e) when (e is not ApiErrorException)
        {
            outcome.Crashed(e);
            throw;
        }
    }

    private static async Task StreamAsync(HttpContext context, InferenceEndpointServices services, GenerationCall call, OutcomeBuilder outcome)
    {
        var response = context.Response;
        var started = false;
        var result = await services.Runner.RunAsync(call, outcome.StartTimestamp, async (piece, ct) =>
        {
            if (!started)
            {
                started = true;
                await ServerSentEvents.StartAsync(response);
            }

            await ServerSentEvents.WriteAsync(response, null, new GenerateDelta(piece), ApiJsonContext.Default.GenerateDelta, ct);
        }, context.RequestAborted);

        var recorded = outcome.Completed(call, result, StatusCodes.Status200OK);
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (!started)
        {
            await ServerSentEvents.StartAsync(response);
        }

        await ServerSentEvents.WriteAsync(response, "usage",
            new GenerateDone(call.RequestId, services.Runner.ModelName, result.FinishReason, new GenerateUsage(result.InputTokens, result.OutputTokens),
                Milliseconds(recorded.LatencySeconds), Milliseconds(result.TimeToFirstTokenSeconds)),
            ApiJsonContext.Default.GenerateDone, CancellationToken.None);
    }

    private static GenerationCall ToCall(HttpContext context, InferenceEndpointServices services, GenerateRequest request)
    {
        SamplingValidator.Require(request.Prompt is not null, "prompt", "prompt is required.");
        SamplingValidator.Require(!string.IsNullOrWhiteSpace(request.Prompt), "prompt", "prompt must not be empty or only whitespace.");
        var options = SamplingValidator.ToOptions(services.Api, request.MaxTokens, "max_tokens", request.Temperature, request.TopK, request.TopP, request.Seed, request.Stop);
        options.AdditionalProperties = new AdditionalPropertiesDictionary { [Onnx.OnnxChatClient.RawPromptOption] = true };
        var prompt = request.Prompt!;
        return new GenerationCall(
            RequestId.Of(context), Route, "text_completion", request.Stream ?? false,
            [new ChatMessage(ChatRole.User, prompt)], options, prompt.Length, PrivacyHasher.PromptHash(prompt), null, Tenant(context));
    }

    /// <summary>The caller's tenant as the API-key filter recorded it.</summary>
    internal static string? Tenant(HttpContext context) => context.Items.TryGetValue(Security.ApiKeyFilter.TenantItem, out var t) ? t as string : null;

    private static double Milliseconds(double seconds) => Math.Round(seconds * 1000, 3);

    private static double? Milliseconds(double? seconds) => seconds is { } s ? Milliseconds(s) : null;
}
