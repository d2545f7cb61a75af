using Inference.Api.Contracts;
using Inference.Api.Errors;
using Inference.Api.Generation;
using Inference.Api.Telemetry;
using Inference.Api.Telemetry.Events;
using ServiceDefaults.Events;

namespace Inference.Api.Apis;

/// <summary>The <c>/v1</c> group: chat completions, models, feedback. Policies for the group are applied here once.</summary>
internal static class OpenAiApi
{
    /// <summary>Maps every <c>/v1</c> route.</summary>
    public static RouteGroupBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapChatCompletionsApi();
        v1.MapGet("/models", ListModels).WithName("ListModels");
        v1.MapPost("/feedback", SubmitFeedbackAsync).WithName("SubmitFeedback");
        return v1;
    }

    /// <summary><c>GET /v1/models</c>: the loaded model.</summary>
    public static IResult ListModels(GenerationRunner runner, TimeProvider time) =>
        Results.Json(new ModelList("list", [new ModelEntry(runner.ModelName, "model", time.GetUtcNow().ToUnixTimeSeconds(), "inference-service")]),
            ApiJsonContext.Default.ModelList);

    /// <summary>
    /// <c>POST /v1/feedback</c>: a score (+1 or −1) and optional comment on a request. Accepted (202) even for an
    /// unknown request id, which is marked so downstream; the comment text is not kept, only its length.
    /// </summary>
    public static async Task SubmitFeedbackAsync(HttpContext context, InferenceEndpointServices services, EventPublisher publisher, RecentRequests recent)
    {
        FeedbackRequest request;
        try
        {
            request = await JsonBody.ReadAsync(context, ApiJsonContext.Default.FeedbackRequest, services.Api.MaxRequestBytes);
            SamplingValidator.Require(!string.IsNullOrWhiteSpace(request.Id), "id", "id (the request id the feedback is about) is required.");
            SamplingValidator.Require(request.Id!.Length <= 128, "id", "id must have at most 128 characters.");
            SamplingValidator.Require(request.Score is 1 or -1, "score", "score must be 1 or -1.");
            SamplingValidator.Require(request.Comment is null || request.Comment.Length <= 4096, "comment", "comment must have at most 4096 characters.");
        }
        catch (ApiErrorException e)
        {
            await ErrorWriter.WriteOpenAiAsync(context, e.Error);
            return;
        }

        var model = recent.ModelOf(request.Id!);
        var known = model is not null;
        publisher.TryPublish(new FeedbackReceived
        {
            EventId = Guid.CreateVersion7().ToString("N"),
            TimestampUnixMs = services.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            RequestId = request.Id!,
            Score = request.Score!.Value,
            CommentChars = request.Comment?.Length ?? 0,
            UnknownRequest = !known,
            Model = model,
        });
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsJsonAsync(new FeedbackAccepted(request.Id!, known), ApiJsonContext.Default.FeedbackAccepted);
    }
}
