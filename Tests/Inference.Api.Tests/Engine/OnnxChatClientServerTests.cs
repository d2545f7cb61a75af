using Inference.Api.Onnx;
using Microsoft.Extensions.AI;

namespace Inference.Api.Tests.Engine;

/// <summary>The chat-client contract every engine keeps (the endpoints rely on it); run once per engine below.</summary>
public abstract class ChatClientContractServerTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IEngineChatClientFixture
{
    private static readonly ChatMessage[] s_question = [new(ChatRole.User, "Blessed are the meek")];

    [Fact]
    public async Task StreamingYieldsExactlyTheNonStreamingAnswerWithUsageAndFinishReason()
    {
        var options = new ChatOptions { MaxOutputTokens = 24, Temperature = 0 };

        var whole = await fixture.Client.GetResponseAsync(s_question, options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in fixture.Client.GetStreamingResponseAsync(s_question, options))
        {
            updates.Add(update);
        }

        Assert.False(string.IsNullOrWhiteSpace(whole.Text));
        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
        Assert.True(updates.Count > 2, "tokens arrive one by one");
        Assert.NotNull(whole.FinishReason);
        Assert.InRange(whole.Usage!.OutputTokenCount!.Value, 1, 24);
        Assert.True(whole.Usage.InputTokenCount > 5);
    }

    [Fact]
    public async Task MaxOutputTokensEndsWithLength()
    {
        var response = await fixture.Client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "And it came to pass")], new ChatOptions { MaxOutputTokens = 3, Temperature = 0, AdditionalProperties = new() { [OnnxChatClient.RawPromptOption] = true } });

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(3, response.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task AStopStringEndsGenerationAndIsNotReturned()
    {
        var raw = new ChatOptions { MaxOutputTokens = 30, Temperature = 0, AdditionalProperties = new() { [OnnxChatClient.RawPromptOption] = true } };
        var messages = new[] { new ChatMessage(ChatRole.User, "And the LORD spake unto Moses, saying,") };
        var free = (await fixture.Client.GetResponseAsync(messages, raw)).Text;
        var words = free.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length >= 4, "the model writes a few words: " + free);
        var stop = " " + words[3];

        var stopped = await fixture.Client.GetResponseAsync(messages, new ChatOptions
        {
            MaxOutputTokens = 30, Temperature = 0, StopSequences = [stop], AdditionalProperties = new() { [OnnxChatClient.RawPromptOption] = true },
        });

        Assert.Equal(free[..free.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
    }

    [Fact]
    public async Task ASeedMakesSamplingReproducible()
    {
        ChatOptions Sampled(long seed) => new() { MaxOutputTokens = 20, Temperature = 1.0f, TopK = 40, TopP = 0.95f, Seed = seed };

        var a = (await fixture.Client.GetResponseAsync(s_question, Sampled(7))).Text;
        var b = (await fixture.Client.GetResponseAsync(s_question, Sampled(7))).Text;
        var others = await Task.WhenAll(Enumerable.Range(100, 4).Select(async s => (await fixture.Client.GetResponseAsync(s_question, Sampled(s))).Text));

        Assert.Equal(a, b);
        Assert.Contains(others, o => o != a);
    }

    [Fact]
    public async Task ConcurrentRequestsDoNotCorruptEachOther()
    {
        var prompts = new[] { "In the beginning", "And Moses said", "The LORD is my shepherd", "Blessed is the man" };
        var options = new ChatOptions { MaxOutputTokens = 16, Temperature = 0, AdditionalProperties = new() { [OnnxChatClient.RawPromptOption] = true } };
        var alone = new List<string>();
        foreach (var p in prompts)
        {
            alone.Add((await fixture.Client.GetResponseAsync([new ChatMessage(ChatRole.User, p)], options)).Text);
        }

        var together = await Task.WhenAll(prompts.Concat(prompts).Select(p => fixture.Client.GetResponseAsync([new ChatMessage(ChatRole.User, p)], options)));

        Assert.Equal(alone.Concat(alone), together.Select(r => r.Text));
    }

    [Fact]
    public async Task CancellationStopsGenerationPromptly()
    {
        using var cts = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in fixture.Client.GetStreamingResponseAsync(s_question, new ChatOptions { MaxOutputTokens = 200, Temperature = 0 }, cts.Token))
            {
                if (++received == 2)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.InRange(received, 2, 3);
    }

    [Fact]
    public async Task APromptThatLeavesNoRoomForTheAnswerIsRefusedWithTheLimits()
    {
        var longPrompt = string.Join(' ', Enumerable.Repeat("and the", 400));

        var error = await Assert.ThrowsAsync<PromptTooLongException>(() =>
            fixture.Client.GetResponseAsync([new ChatMessage(ChatRole.User, longPrompt)], new ChatOptions { MaxOutputTokens = 64 }));

        Assert.Equal(fixture.ContextLength, error.ContextLength);
        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>Our batched engine (<c>Model:Engine=onnxruntime</c>).</summary>
public sealed class OnnxChatClientServerTests(ChatClientFixture fixture) : ChatClientContractServerTests<ChatClientFixture>(fixture);

/// <summary>ONNX Runtime GenAI (<c>Model:Engine=genai</c>).</summary>
public sealed class GenAiChatClientServerTests(GenAiChatClientFixture fixture) : ChatClientContractServerTests<GenAiChatClientFixture>(fixture);
