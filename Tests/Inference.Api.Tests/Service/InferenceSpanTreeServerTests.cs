using System.Diagnostics;
using System.Net;
using Inference.Api.Tests.Telemetry;

namespace Inference.Api.Tests.Service;

/// <summary>The span tree of requests served by the shipped model: tokenize, queue, prefill, one decode.</summary>
public sealed class InferenceSpanTreeServerTests(InferenceApiFactory factory) : IClassFixture<InferenceApiFactory>
{
    [Fact]
    public async Task AJsonGenerationOnTheModelHasTokenizeQueuePrefillAndOneDecodeSpanUnderTheInferenceSpan()
    {
        using var spans = new SpanRecorder();
        using var client = factory.CreateClient();

        using var request = InferenceSpanTests.Request(spans, "/generate", new { prompt = "And God said,", max_tokens = 8, temperature = 0 });
        using var response = await client.SendAsync(request);
        var span = await spans.WaitForAsync(a => a.DisplayName == "text_completion kjv-5m");
        var server = await spans.ServerSpanAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(server.SpanId, span.ParentSpanId);
        var children = spans.ChildrenOf(span).OrderBy(c => c.StartTimeUtc).ToList();
        Assert.Equal(["queue", "tokenize", "prefill", "decode"], children.Select(c => c.DisplayName));
        var output = (int)span.GetTagItem("gen_ai.usage.output_tokens")!;
        Assert.InRange(output, 1, 8);
        Assert.Equal(span.GetTagItem("gen_ai.usage.input_tokens"), children[1].GetTagItem("inference.tokens"));
        Assert.Equal(span.GetTagItem("gen_ai.usage.input_tokens"), children[2].GetTagItem("inference.tokens"));
        Assert.Equal(output, children[3].GetTagItem("inference.tokens"));
        Assert.All(children, c => Assert.Empty(spans.ChildrenOf(c)));
        Assert.True(children[2].EndTimeUtc() <= children[3].StartTimeUtc.AddMilliseconds(1), "decode starts when prefill ends");
    }

    [Fact]
    public async Task AStreamedChatCompletionOnTheModelHasTheSameTreeUnderAChatSpan()
    {
        using var spans = new SpanRecorder();
        using var client = factory.CreateClient();

        using var request = InferenceSpanTests.Request(spans, "/v1/chat/completions",
            new { model = "kjv-5m", stream = true, max_tokens = 6, messages = new[] { new { role = "user", content = "In the beginning" } } });
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var span = await spans.WaitForAsync(a => a.DisplayName == "chat kjv-5m");

        Assert.Contains("[DONE]", body, StringComparison.Ordinal);
        Assert.Equal(["queue", "tokenize", "prefill", "decode"], spans.ChildrenOf(span).OrderBy(c => c.StartTimeUtc).Select(c => c.DisplayName));
        Assert.Null(span.GetTagItem("error.type"));
    }
}

/// <summary>Span timing helper.</summary>
internal static class ActivityTimes
{
    public static DateTime EndTimeUtc(this Activity activity) => activity.StartTimeUtc + activity.Duration;
}
