using System.Diagnostics;
using Inference.Api.Tests.Telemetry;
using Microsoft.Extensions.AI;

namespace Inference.Api.Tests.Engine;

/// <summary>The generation spans the chat client emits on the shipped model, under whatever span is current.</summary>
public sealed class OnnxChatClientSpanServerTests(ChatClientFixture fixture) : IClassFixture<ChatClientFixture>
{
    private static readonly ChatMessage[] s_question = [new(ChatRole.User, "Blessed are the meek")];

    [Fact]
    public async Task AGenerationEmitsTokenizePrefillAndOneDecodeSpanCountingTheTokensWithoutAnyText()
    {
        using var spans = new SpanRecorder();
        using var parent = StartParent(spans);

        var response = await fixture.Client.GetResponseAsync(s_question, new ChatOptions { MaxOutputTokens = 12, Temperature = 0 });
        var current = Activity.Current;
        parent.Stop();

        var children = spans.Spans.Where(s => s.ParentSpanId == parent.SpanId).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(["tokenize", "prefill", "decode"], children.Select(c => c.DisplayName));
        Assert.Equal((int)response.Usage!.InputTokenCount!.Value, children[0].GetTagItem("inference.tokens"));
        Assert.Equal((int)response.Usage.OutputTokenCount!.Value, children[2].GetTagItem("inference.tokens"));
        Assert.All(children, c => Assert.Equal(ActivityStatusCode.Unset, c.Status));
        Assert.All(children, c => Assert.DoesNotContain(c.TagObjects, t => t.Value is string text && text.Contains("meek", StringComparison.Ordinal)));
        Assert.Same(parent, current);
    }

    [Fact]
    public async Task ACancelledGenerationEndsItsDecodeSpanAsCancelled()
    {
        using var spans = new SpanRecorder();
        using var parent = StartParent(spans);
        using var cts = new CancellationTokenSource();

        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in fixture.Client.GetStreamingResponseAsync(s_question, new ChatOptions { MaxOutputTokens = 400 }, cts.Token))
            {
                if (update.Text.Length > 0 && ++seen == 2)
                {
                    await cts.CancelAsync();
                }
            }
        });
        var current = Activity.Current;
        parent.Stop();

        var decode = spans.Spans.Single(s => s.DisplayName == "decode" && s.ParentSpanId == parent.SpanId);
        Assert.Equal("cancelled", decode.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, decode.Status);
        Assert.InRange((int)decode.GetTagItem("inference.tokens")!, 2, 399);
        Assert.Same(parent, current);
    }

    // A span in the recorder's trace, standing in for the request's inference span.
    private static Activity StartParent(SpanRecorder spans) =>
        new Activity("request").SetParentId(spans.TraceId, spans.ParentSpanId, ActivityTraceFlags.Recorded).Start();
}
