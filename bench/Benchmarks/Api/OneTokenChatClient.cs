using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Benchmarks.Api;

/// <summary>
/// A model that answers at once with one token and its usage: what is left of <c>/generate</c> is the service's
/// own overhead (validation, admission, telemetry, serialization). Updates are built once and reused.
/// </summary>
internal sealed class OneTokenChatClient : IChatClient
{
    private static readonly ChatClientMetadata s_metadata = new("bench", null, "one-token");
    private static readonly ChatResponseUpdate s_token = new(ChatRole.Assistant, "ok");
    private static readonly ChatResponseUpdate s_final = new()
    {
        Role = ChatRole.Assistant,
        FinishReason = ChatFinishReason.Length,
        Contents = [new UsageContent(new UsageDetails { InputTokenCount = 3, OutputTokenCount = 1, TotalTokenCount = 4 })],
    };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield return s_token;
        yield return s_final;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType == typeof(ChatClientMetadata) ? s_metadata : null;

    public void Dispose()
    {
    }
}
