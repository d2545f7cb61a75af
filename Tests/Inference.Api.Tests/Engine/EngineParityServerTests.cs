using Inference.Api.Onnx;
using Microsoft.Extensions.AI;

namespace Inference.Api.Tests.Engine;

/// <summary>
/// Greedy parity: our engine and ONNX Runtime GenAI, loaded side by side in one process, write the same text with
/// the same usage and finish reason for the same prompt and settings.
/// </summary>
public sealed class EngineParityServerTests(ChatClientFixture ours, GenAiChatClientFixture genai)
    : IClassFixture<ChatClientFixture>, IClassFixture<GenAiChatClientFixture>
{
    public static TheoryData<string> Prompts => new()
    {
        "In the beginning God created the heaven and the earth.",
        "  And   Moses\tsaid unto the LORD,\n\n",
        "\"Thou shalt not,\" he said, 'for it is written'",
        "In the 12th year, 4000 men and 365 days; chapter 3:16",
        "Café, naïve façade, São Paulo, Zürich, ÆØÅ",
        "Blessed are the meek 🙏🏽 for they 🌍 shall inherit the earth ✨",
    };

    [Theory]
    [MemberData(nameof(Prompts))]
    public async Task BothEnginesWriteTheSameGreedyTextFromARawPrompt(string prompt)
    {
        var options = new ChatOptions { MaxOutputTokens = 48, Temperature = 0, AdditionalProperties = new() { [OnnxChatClient.RawPromptOption] = true } };

        await AssertSameAsync([new ChatMessage(ChatRole.User, prompt)], options);
    }

    [Theory]
    [MemberData(nameof(Prompts))]
    public async Task BothEnginesWriteTheSameGreedyChatAnswer(string prompt)
    {
        var options = new ChatOptions { MaxOutputTokens = 32, Temperature = 0 };

        await AssertSameAsync([new ChatMessage(ChatRole.System, "Answer in the words of scripture."), new ChatMessage(ChatRole.User, prompt)], options);
    }

    [Fact]
    public async Task BothEnginesStopAtTheSameStopStringWithTheSameText()
    {
        var options = new ChatOptions
        {
            MaxOutputTokens = 40, Temperature = 0, StopSequences = ["LORD", "\n"], AdditionalProperties = new() { [OnnxChatClient.RawPromptOption] = true },
        };

        await AssertSameAsync([new ChatMessage(ChatRole.User, "And the")], options);
    }

    private async Task AssertSameAsync(ChatMessage[] messages, ChatOptions options)
    {
        var a = await ours.Client.GetResponseAsync(messages, options);
        var b = await genai.Client.GetResponseAsync(messages, options);

        Assert.False(string.IsNullOrEmpty(a.Text), "our engine wrote nothing");
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(a.FinishReason, b.FinishReason);
        Assert.Equal(a.Usage!.InputTokenCount, b.Usage!.InputTokenCount);
        Assert.Equal(a.Usage.OutputTokenCount, b.Usage.OutputTokenCount);
    }
}
