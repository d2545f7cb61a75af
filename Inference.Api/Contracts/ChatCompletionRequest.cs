using System.Text.Json;

namespace Inference.Api.Contracts;

/// <summary><c>POST /v1/chat/completions</c> body (the OpenAI shape; unknown fields are ignored).</summary>
internal sealed class ChatCompletionRequest
{
    public string? Model { get; set; }
    public List<ChatCompletionMessage>? Messages { get; set; }
    public int? MaxTokens { get; set; }
    public int? MaxCompletionTokens { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    /// <summary>Not in the OpenAI API; accepted because local models commonly offer it.</summary>
    public int? TopK { get; set; }
    public int? N { get; set; }
    public bool? Stream { get; set; }
    public StreamOptions? StreamOptions { get; set; }
    public StopSequences? Stop { get; set; }
    public long? Seed { get; set; }
    public string? User { get; set; }
}

/// <summary>One message; <c>content</c> is a string or an array of content parts (text parts are used).</summary>
internal sealed class ChatCompletionMessage
{
    public string? Role { get; set; }
    public JsonElement Content { get; set; }
}

/// <summary><c>stream_options</c>.</summary>
internal sealed class StreamOptions
{
    public bool? IncludeUsage { get; set; }
}
