using Inference.Api.Onnx;
using Microsoft.Extensions.AI;

namespace Inference.Api.Tests.Engine;

/// <summary>
/// The chat client over the batched engine against the same client over the unbatched one: concurrent requests with
/// their own budgets and stop strings get exactly the answer, usage and finish reason they get unbatched.
/// </summary>
public sealed class BatchedChatClientServerTests(BatchingEnginesFixture fixture) : IClassFixture<BatchingEnginesFixture>
{
    private static readonly string[] s_prompts =
    [
        "And the LORD spake unto Moses, saying,",
        "In the beginning",
        "Blessed are the meek: for they shall inherit the earth.",
        "And it came to pass",
        "The LORD is my shepherd",
        "Honour thy father and thy mother",
    ];

    [Fact]
    public void MaxBatchSizeOneKeepsTheSingleSequenceGeneratorAndTheShippedModelBatchesOtherwise()
    {
        Assert.True(fixture.Batched.Session.SupportsBatchedDecode);
        Assert.Null(fixture.Unbatched.Scheduler);
        Assert.NotNull(fixture.Batched.Scheduler);
    }

    [Fact]
    public async Task ConcurrentRequestsKeepTheirOwnMaxTokensAndFinishReasons()
    {
        var options = s_prompts.Select((_, i) => Raw(3 + (5 * i), stop: null)).ToArray();
        var unbatched = new List<ChatResponse>();
        for (var i = 0; i < s_prompts.Length; i++)
        {
            unbatched.Add(await fixture.UnbatchedClient.GetResponseAsync([new ChatMessage(ChatRole.User, s_prompts[i])], options[i]));
        }

        var batched = await Task.WhenAll(s_prompts.Select((p, i) => fixture.BatchedClient.GetResponseAsync([new ChatMessage(ChatRole.User, p)], options[i])));

        for (var i = 0; i < s_prompts.Length; i++)
        {
            Assert.Equal(unbatched[i].Text, batched[i].Text);
            Assert.Equal(unbatched[i].FinishReason, batched[i].FinishReason);
            Assert.Equal(unbatched[i].Usage!.OutputTokenCount, batched[i].Usage!.OutputTokenCount);
            Assert.InRange(batched[i].Usage!.OutputTokenCount!.Value, 1, options[i].MaxOutputTokens!.Value);
        }

        Assert.Contains(batched, r => r.FinishReason == ChatFinishReason.Length);
    }

    [Fact]
    public async Task ConcurrentRequestsStopAtTheirOwnStopStrings()
    {
        var free = new List<string>();
        foreach (var prompt in s_prompts)
        {
            free.Add((await fixture.UnbatchedClient.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], Raw(30, stop: null))).Text);
        }

        // Each request stops at its own third word; the others run on.
        var stops = free.Select(f => f.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: >= 4 } words ? " " + words[2] : null).ToArray();
        Assert.True(stops.Count(s => s is not null) >= 3, "the model writes a few words for most prompts");

        var batched = await Task.WhenAll(s_prompts.Select((p, i) => fixture.BatchedClient.GetResponseAsync([new ChatMessage(ChatRole.User, p)], Raw(30, stops[i]))));

        for (var i = 0; i < s_prompts.Length; i++)
        {
            var expected = stops[i] is { } stop ? free[i][..free[i].IndexOf(stop, StringComparison.Ordinal)] : free[i];
            Assert.Equal(expected, batched[i].Text);
            if (stops[i] is not null)
            {
                Assert.Equal(ChatFinishReason.Stop, batched[i].FinishReason);
            }
        }
    }

    private static ChatOptions Raw(int maxTokens, string? stop) => new()
    {
        MaxOutputTokens = maxTokens,
        Temperature = 0,
        StopSequences = stop is null ? null : [stop],
        AdditionalProperties = new() { [OnnxChatClient.RawPromptOption] = true },
    };
}
