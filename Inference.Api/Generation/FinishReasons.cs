using Microsoft.Extensions.AI;

namespace Inference.Api.Generation;

/// <summary>Finish reasons as the API reports them.</summary>
internal static class FinishReasons
{
    public const string Stop = "stop";
    public const string Length = "length";
    public const string Cancelled = "cancelled";

    /// <summary>Maps the chat client's reason to ours.</summary>
    public static string From(ChatFinishReason reason) =>
        reason == ChatFinishReason.Length ? Length
        : reason == ChatFinishReason.Stop ? Stop
        : reason.Value;
}
