using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Inference.Api.Tests.Apis;

/// <summary>
/// A chat client for API-layer tests: emits the words of a fixed sentence as tokens, honours MaxOutputTokens
/// and cancellation, and can be held at a gate to fill the admission queue. The real model is tested elsewhere.
/// </summary>
internal sealed class ScriptedChatClient : IChatClient
{
    public static readonly string[] Words = ["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", "."];

    public SemaphoreSlim? Gate { get; set; }
    public int Cancellations;
    public ChatOptions? LastOptions;
    public IList<ChatMessage>? LastMessages;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        LastMessages = [.. messages];
        LastOptions = options;
        try
        {
            if (Gate is { } gate)
            {
                await gate.WaitAsync(cancellationToken);
                gate.Release();
            }
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref Cancellations);
            throw;
        }

        var max = options?.MaxOutputTokens ?? Words.Length;
        var count = Math.Min(max, Words.Length);
        for (var i = 0; i < count; i++)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, Words[i]);
        }

        var input = LastMessages.Sum(m => m.Text.Length) / 4 + 1;
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            FinishReason = count < Words.Length ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = count })],
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("test", null, "test-model") : null;

    public void Dispose()
    {
    }
}
