using System.Diagnostics;
using System.Net;
using Inference.Api.Tests.Telemetry;

namespace Inference.Api.Tests.Service;

/// <summary>
/// The span tree of requests served by the shipped model: our inference span holds <c>queue</c> and the
/// Microsoft.Extensions.AI client span <c>chat {model}</c>, which holds the engine's tokenize, prefill and one decode
/// span. Once per engine (below).
/// </summary>
public abstract class InferenceSpanTreeServerTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : InferenceApiFactory
{
    private const string Prompt = "And God said,";

    [Fact]
    public async Task AJsonGenerationOnTheModelHasQueueThenTheChatClientSpanWithTokenizePrefillAndOneDecode()
    {
        using var spans = new SpanRecorder();
        using var client = factory.CreateClient();

        using var request = InferenceSpanTests.Request(spans, "/generate", new { prompt = Prompt, max_tokens = 8, temperature = 0 });
        using var response = await client.SendAsync(request);
        var span = await spans.WaitForAsync(a => a.DisplayName == "text_completion kjv-5m");
        var server = await spans.ServerSpanAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(server.SpanId, span.ParentSpanId);
        var children = spans.ChildrenOf(span).OrderBy(c => c.StartTimeUtc).ToList();
        Assert.Equal(["queue", "chat kjv-5m"], children.Select(c => c.DisplayName));
        var chat = children[1];
        Assert.Equal(ActivityKind.Client, chat.Kind);
        var steps = spans.ChildrenOf(chat).OrderBy(c => c.StartTimeUtc).ToList();
        Assert.Equal(["tokenize", "prefill", "decode"], steps.Select(c => c.DisplayName));
        var output = (int)span.GetTagItem("gen_ai.usage.output_tokens")!;
        Assert.InRange(output, 1, 8);
        Assert.Equal(span.GetTagItem("gen_ai.usage.input_tokens"), steps[0].GetTagItem("inference.tokens"));
        Assert.Equal(span.GetTagItem("gen_ai.usage.input_tokens"), steps[1].GetTagItem("inference.tokens"));
        Assert.Equal(output, steps[2].GetTagItem("inference.tokens"));
        Assert.All(steps, c => Assert.Empty(spans.ChildrenOf(c)));
        Assert.True(steps[1].EndTimeUtc() <= steps[2].StartTimeUtc.AddMilliseconds(1), "decode starts when prefill ends");
        Assert.Equal(ExpectedProvider, chat.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(output, Convert.ToInt32(chat.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task AStreamedChatCompletionOnTheModelHasTheSameTreeUnderAChatSpanAndNoMessageTextOnAnySpan()
    {
        using var spans = new SpanRecorder();
        using var client = factory.CreateClient();

        using var request = InferenceSpanTests.Request(spans, "/v1/chat/completions",
            new { model = "kjv-5m", stream = true, max_tokens = 6, messages = new[] { new { role = "user", content = "In the beginning" } } });
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var span = await spans.WaitForAsync(a => a.DisplayName == "chat kjv-5m" && a.Kind == ActivityKind.Internal);
        var chat = await spans.WaitForAsync(a => a.DisplayName == "chat kjv-5m" && a.Kind == ActivityKind.Client);

        Assert.Contains("[DONE]", body, StringComparison.Ordinal);
        Assert.Equal(span.SpanId, chat.ParentSpanId);
        Assert.Equal(["tokenize", "prefill", "decode"], spans.ChildrenOf(chat).OrderBy(c => c.StartTimeUtc).Select(c => c.DisplayName));
        Assert.Null(span.GetTagItem("error.type"));
        // Message content stays off spans (EnableSensitiveData false), whatever the environment asks for.
        Assert.All(spans.Spans.SelectMany(s => s.TagObjects), t => Assert.DoesNotContain("In the beginning", t.Value?.ToString() ?? string.Empty, StringComparison.Ordinal));
    }

    /// <summary>The <c>gen_ai.provider.name</c> the engine's chat client reports.</summary>
    protected abstract string ExpectedProvider { get; }
}

/// <summary>Our batched engine (the default).</summary>
public sealed class OnnxRuntimeSpanTreeServerTests(InferenceApiFactory factory) : InferenceSpanTreeServerTests<InferenceApiFactory>(factory)
{
    protected override string ExpectedProvider => "onnxruntime";
}

/// <summary>ONNX Runtime GenAI (<c>Model:Engine=genai</c>).</summary>
public sealed class GenAiSpanTreeServerTests(GenAiInferenceApiFactory factory) : InferenceSpanTreeServerTests<GenAiInferenceApiFactory>(factory)
{
    protected override string ExpectedProvider => "onnxruntime-genai";
}

/// <summary>Span timing helper.</summary>
internal static class ActivityTimes
{
    public static DateTime EndTimeUtc(this Activity activity) => activity.StartTimeUtc + activity.Duration;
}
