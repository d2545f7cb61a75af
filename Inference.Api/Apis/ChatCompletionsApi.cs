using System.Text.Json;
using Inference.Api.Contracts;
using Inference.Api.Errors;
using Inference.Api.Generation;
using Inference.Api.Telemetry;
using Microsoft.Extensions.AI;

namespace Inference.Api.Apis;

/// <summary><c>POST /v1/chat/completions</c>: the OpenAI chat API, JSON and SSE, so the official SDKs work unchanged.</summary>
internal static class ChatCompletionsApi
{
    /// <summary>Route name in telemetry.</summary>
    public const string Route = "chat_completions";

    /// <summary>What OpenAI puts before a completion's id.</summary>
    public const string ResponseIdPrefix = "chatcmpl-";

    /// <summary>Maps the route.</summary>
    public static RouteHandlerBuilder MapChatCompletionsApi(this IEndpointRouteBuilder v1) =>
        v1.MapPost("/chat/completions", CompleteAsync).WithName("ChatCompletions");

    /// <summary>Handles one request; errors are OpenAI error objects.</summary>
    public static async Task CompleteAsync(HttpContext context, InferenceEndpointServices services)
    {
        using var outcome = OutcomeBuilder.Start(services, context, Route, "chat");
        GenerationCall call;
        bool includeUsage;
        try
        {
            var request = await JsonBody.ReadAsync(context, ApiJsonContext.Default.ChatCompletionRequest, services.Api.MaxRequestBytes);
            (call, includeUsage) = ToCall(context, services, request);
            outcome.Accepted(call);
        }
        catch (ApiErrorException e)
        {
            outcome.Failed(e.Error);
            await ErrorWriter.WriteOpenAiAsync(context, e.Error);
            return;
        }

        var id = ResponseIdPrefix + call.RequestId;
        var created = services.Time.GetUtcNow().ToUnixTimeSeconds();
        var model = services.Runner.ModelName;
        try
        {
            if (!call.Stream)
            {
                var result = await services.Runner.RunAsync(call, outcome.StartTimestamp, null, context.RequestAborted);
                outcome.Completed(call, result, StatusCodes.Status200OK);
                await context.Response.WriteAsJsonAsync(
                    new ChatCompletionResponse(id, "chat.completion", created, model,
                        [new ChatChoice(0, new ChatChoiceMessage("assistant", result.Text), result.FinishReason, null)], Usage(result)),
                    ApiJsonContext.Default.ChatCompletionResponse);
                return;
            }

            await StreamAsync(context, services, call, outcome, new ChunkFactory(id, created, model), includeUsage);
        }
        catch (ApiErrorException e) when (!context.Response.HasStarted)
        {
            outcome.Failed(e.Error);
            await ErrorWriter.WriteOpenAiAsync(context, e.Error);
        }
        catch (Exception e) when (e is not ApiErrorException)
        {
            outcome.Crashed(e);
            throw;
        }
    }

    private static async Task StreamAsync(HttpContext context, InferenceEndpointServices services, GenerationCall call, OutcomeBuilder outcome, ChunkFactory chunks, bool includeUsage)
    {
        var response = context.Response;
        var typeInfo = ApiJsonContext.Default.ChatCompletionChunk;
        var started = false;
        async ValueTask EnsureStartedAsync(CancellationToken ct)
        {
            if (!started)
            {
                started = true;
                await ServerSentEvents.StartAsync(response);
                // OpenAI's first chunk carries the role with empty content.
                await ServerSentEvents.WriteAsync(response, null, chunks.Delta(new ChatDelta("assistant", string.Empty), null), typeInfo, ct);
            }
        }

        var result = await services.Runner.RunAsync(call, outcome.StartTimestamp, async (piece, ct) =>
        {
            await EnsureStartedAsync(ct);
            await ServerSentEvents.WriteAsync(response, null, chunks.Delta(new ChatDelta(null, piece), null), typeInfo, ct);
        }, context.RequestAborted);
        outcome.Completed(call, result, StatusCodes.Status200OK);
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        await EnsureStartedAsync(CancellationToken.None);
        await ServerSentEvents.WriteAsync(response, null, chunks.Delta(new ChatDelta(null, null), result.FinishReason), typeInfo, CancellationToken.None);
        if (includeUsage)
        {
            await ServerSentEvents.WriteAsync(response, null, chunks.UsageOnly(Usage(result)), typeInfo, CancellationToken.None);
        }

        await ServerSentEvents.WriteRawAsync(response, "[DONE]"u8.ToArray(), CancellationToken.None);
    }

    private static (GenerationCall Call, bool IncludeUsage) ToCall(HttpContext context, InferenceEndpointServices services, ChatCompletionRequest request)
    {
        var limits = services.Api;
        SamplingValidator.Require(request.Messages is { Count: > 0 }, "messages", "messages must be a non-empty array.");
        SamplingValidator.Require(request.Messages!.Count <= limits.MaxMessages, "messages", $"At most {limits.MaxMessages} messages are allowed.");
        SamplingValidator.Require(request.N is null or 1, "n", "Only n = 1 is supported.");
        var messages = new List<ChatMessage>(request.Messages.Count);
        var chars = 0;
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            var role = message?.Role;
            SamplingValidator.Require(role is "system" or "developer" or "user" or "assistant", $"messages[{i}].role",
                $"messages[{i}].role must be one of system, developer, user, assistant.");
            var text = ContentText(message!.Content, i);
            chars += text.Length;
            messages.Add(new ChatMessage(role == "developer" ? ChatRole.System : new ChatRole(role!), text));
        }

        SamplingValidator.Require(messages.Exists(m => m.Text.Trim().Length > 0), "messages", "At least one message must have non-empty content.");
        var options = SamplingValidator.ToOptions(limits, request.MaxCompletionTokens ?? request.MaxTokens,
            request.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens", request.Temperature, request.TopK, request.TopP, request.Seed, request.Stop);
        var promptHash = PrivacyHasher.PromptHash(string.Join('\n', messages.Select(m => m.Text)));
        var call = new GenerationCall(RequestId.Of(context), Route, "chat", request.Stream ?? false, messages, options, chars, promptHash,
            services.Hasher.HashUser(request.User), GenerateApi.Tenant(context));
        return (call, request.StreamOptions?.IncludeUsage ?? false);
    }

    // content: a string, or an array of parts of which the text parts are joined (images are not supported).
    private static string ContentText(JsonElement content, int index)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Array:
                var parts = new List<string>();
                foreach (var part in content.EnumerateArray())
                {
                    SamplingValidator.Require(
                        part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.ValueEquals("text")
                        && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String,
                        $"messages[{index}].content", $"messages[{index}].content parts must be text parts ({{\"type\":\"text\",\"text\":\"...\"}}).");
                    parts.Add(part.GetProperty("text").GetString()!);
                }

                return string.Concat(parts);
            default:
                SamplingValidator.Require(false, $"messages[{index}].content", $"messages[{index}].content must be a string or an array of text parts.");
                return string.Empty;
        }
    }

    private static ChatUsage Usage(GenerationResult result) => new(result.InputTokens, result.OutputTokens, result.InputTokens + result.OutputTokens);

    private readonly record struct ChunkFactory(string Id, long Created, string Model)
    {
        public ChatCompletionChunk Delta(ChatDelta delta, string? finishReason) =>
            new(Id, "chat.completion.chunk", Created, Model, [new ChatChunkChoice(0, delta, finishReason, null)], null);

        public ChatCompletionChunk UsageOnly(ChatUsage usage) => new(Id, "chat.completion.chunk", Created, Model, [], usage);
    }
}
