namespace Inference.Api.Generation;

/// <summary>One generated token; the last one of a sequence carries the finish reason.</summary>
internal readonly record struct GeneratedToken(int Id, string? FinishReason);
