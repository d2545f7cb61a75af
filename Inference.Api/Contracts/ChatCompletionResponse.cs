namespace Inference.Api.Contracts;

/// <summary>A non-streamed chat completion (<c>object: chat.completion</c>).</summary>
internal sealed record ChatCompletionResponse(string Id, string Object, long Created, string Model, IReadOnlyList<ChatChoice> Choices, ChatUsage Usage);

/// <summary>The single choice of a completion.</summary>
internal sealed record ChatChoice(int Index, ChatChoiceMessage Message, string FinishReason, object? Logprobs);

/// <summary>The assistant message.</summary>
internal sealed record ChatChoiceMessage(string Role, string Content);

/// <summary>Token usage in OpenAI's names.</summary>
internal sealed record ChatUsage(int PromptTokens, int CompletionTokens, int TotalTokens);

/// <summary>A streamed chunk (<c>object: chat.completion.chunk</c>).</summary>
internal sealed record ChatCompletionChunk(string Id, string Object, long Created, string Model, IReadOnlyList<ChatChunkChoice> Choices, ChatUsage? Usage);

/// <summary>The delta of a chunk.</summary>
internal sealed record ChatChunkChoice(int Index, ChatDelta Delta, string? FinishReason, object? Logprobs);

/// <summary>Role (first chunk) and content pieces; absent members are omitted, as OpenAI does.</summary>
internal sealed record ChatDelta(
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Role,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Content);

/// <summary><c>GET /v1/models</c>.</summary>
internal sealed record ModelList(string Object, IReadOnlyList<ModelEntry> Data);

/// <summary>One model.</summary>
internal sealed record ModelEntry(string Id, string Object, long Created, string OwnedBy);

/// <summary><c>POST /v1/feedback</c> body.</summary>
internal sealed class FeedbackRequest
{
    public string? Id { get; set; }
    public int? Score { get; set; }
    public string? Comment { get; set; }
}

/// <summary>The 202 body of <c>POST /v1/feedback</c>.</summary>
internal sealed record FeedbackAccepted(string Id, bool KnownRequest);
