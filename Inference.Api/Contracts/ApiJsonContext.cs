using System.Text.Json.Serialization;

namespace Inference.Api.Contracts;

/// <summary>
/// Source-generated JSON for every request and response body: snake_case like the OpenAI API, numbers
/// only as numbers (a string where a number belongs is a 400), nulls written where OpenAI writes them.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(GenerateRequest))]
[JsonSerializable(typeof(GenerateResponse))]
[JsonSerializable(typeof(GenerateDelta))]
[JsonSerializable(typeof(GenerateDone))]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(FeedbackRequest))]
[JsonSerializable(typeof(FeedbackAccepted))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
