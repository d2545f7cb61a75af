namespace Inference.Api.Contracts;

/// <summary><c>POST /generate</c> response (contract in ARCHITECTURE.md).</summary>
internal sealed record GenerateResponse(
    string Id,
    string Model,
    string Response,
    string FinishReason,
    GenerateUsage Usage,
    double LatencyMs,
    double? TtftMs);

/// <summary>Token counts of a <c>/generate</c> call.</summary>
internal sealed record GenerateUsage(int InputTokens, int OutputTokens);

/// <summary>A streamed text delta of <c>/generate</c>.</summary>
internal sealed record GenerateDelta(string Delta);

/// <summary>The last server-sent event of a streamed <c>/generate</c> (<c>event: usage</c>).</summary>
internal sealed record GenerateDone(string Id, string Model, string FinishReason, GenerateUsage Usage, double LatencyMs, double? TtftMs);
