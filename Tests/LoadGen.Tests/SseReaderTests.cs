using System.Text;

namespace LoadGen.Tests;

public sealed class SseReaderTests
{
    private static MemoryStream Body(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task GenerateStreamGivesFirstDeltaTimeAndUsageTokens()
    {
        var sse = "data: {\"delta\":\"In\"}\n\ndata: {\"delta\":\" the\"}\n\nevent: usage\ndata: {\"id\":\"r1\",\"model\":\"m\",\"finish_reason\":\"length\",\"usage\":{\"input_tokens\":3,\"output_tokens\":7},\"latency_ms\":5.1,\"ttft_ms\":1.2}\n\n";
        var result = await SseReader.ReadAsync(Body(sse), TargetRoute.Generate, CancellationToken.None);
        Assert.True(result.Completed);
        Assert.Equal(7, result.OutputTokens);
        Assert.NotEqual(0, result.FirstContentTicks);
    }

    [Fact]
    public async Task GenerateStreamWithoutUsageEventIsIncomplete()
    {
        var result = await SseReader.ReadAsync(Body("data: {\"delta\":\"In\"}\n\n"), TargetRoute.Generate, CancellationToken.None);
        Assert.False(result.Completed);
        Assert.Equal(-1, result.OutputTokens);
    }

    [Fact]
    public async Task ChatStreamSkipsTheRoleOnlyChunkAndReadsIncludedUsage()
    {
        var sse = string.Concat(
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}\n\n",
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}],\"usage\":null}\n\n",
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n",
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":9,\"total_tokens\":13}}\n\n",
            "data: [DONE]\n\n");
        var result = await SseReader.ReadAsync(Body(sse), TargetRoute.Chat, CancellationToken.None);
        Assert.True(result.Completed);
        Assert.Equal(9, result.OutputTokens);
        Assert.NotEqual(0, result.FirstContentTicks);
    }

    [Fact]
    public async Task ChatStreamWithOnlyTheRoleChunkHasNoFirstContent()
    {
        var sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\ndata: [DONE]\n\n";
        var result = await SseReader.ReadAsync(Body(sse), TargetRoute.Chat, CancellationToken.None);
        Assert.True(result.Completed);
        Assert.Equal(0, result.FirstContentTicks);
    }

    [Fact]
    public void NonStreamedBodiesGiveOutputTokensForBothRoutes()
    {
        Assert.Equal(8, SseReader.OutputTokensOfJson("{\"usage\":{\"input_tokens\":12,\"output_tokens\":8}}"u8, TargetRoute.Generate));
        Assert.Equal(5, SseReader.OutputTokensOfJson("{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":5}}"u8, TargetRoute.Chat));
        Assert.Equal(-1, SseReader.OutputTokensOfJson("not json"u8, TargetRoute.Chat));
    }
}
