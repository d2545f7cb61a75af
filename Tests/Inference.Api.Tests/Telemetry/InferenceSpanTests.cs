using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Inference.Api.Tests.Apis;
using Tests.Shared;

namespace Inference.Api.Tests.Telemetry;

/// <summary>The request's GenAI span and its children, seen by an <see cref="ActivityListener"/>, with a scripted model.</summary>
public sealed class InferenceSpanTests
{
    [Fact]
    public async Task AJsonGenerationHasOneTextCompletionSpanUnderTheServerSpanWithGenAiAttributes()
    {
        using var spans = new SpanRecorder();
        await using var host = await ApiHost.StartAsync();

        using var response = await SendAsync(host, spans, "/generate",
            new { prompt = "secret prompt words", max_tokens = 4, temperature = 0.5, top_p = 0.9, top_k = 40, seed = 7 });
        var span = await spans.WaitForAsync(a => a.DisplayName == "text_completion test-model");
        var server = await spans.ServerSpanAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal(server.SpanId, span.ParentSpanId);
        Assert.Equal("text_completion", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("onnxruntime", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("test-model", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("test-model", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(4, span.GetTagItem("gen_ai.request.max_tokens"));
        Assert.Equal(0.5f, span.GetTagItem("gen_ai.request.temperature"));
        Assert.Equal(0.9f, span.GetTagItem("gen_ai.request.top_p"));
        Assert.Equal(40d, span.GetTagItem("gen_ai.request.top_k"));
        Assert.Equal(7L, span.GetTagItem("gen_ai.request.seed"));
        Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), span.GetTagItem("gen_ai.response.id"));
        Assert.Equal(["length"], (string[])span.GetTagItem("gen_ai.response.finish_reasons")!);
        Assert.Equal(4, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.True((int)span.GetTagItem("gen_ai.usage.input_tokens")! > 0);
        Assert.True((double)span.GetTagItem("inference.time_to_first_token_ms")! > 0);
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(["queue"], spans.ChildrenOf(span).Select(c => c.DisplayName));
        AssertNoText(spans, "secret", "quick brown");
    }

    [Fact]
    public async Task AStreamedChatCompletionHasAChatSpanWithUsageFinishReasonAndTheCompletionId()
    {
        using var spans = new SpanRecorder();
        await using var host = await ApiHost.StartAsync();

        using var response = await SendAsync(host, spans, "/v1/chat/completions",
            new { model = "test-model", stream = true, messages = new[] { new { role = "user", content = "private question" } } });
        var body = await response.Content.ReadAsStringAsync();
        var span = await spans.WaitForAsync(a => a.DisplayName == "chat test-model");

        Assert.Contains("[DONE]", body, StringComparison.Ordinal);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(true, span.GetTagItem("inference.stream"));
        Assert.Null(span.GetTagItem("gen_ai.request.temperature"));
        Assert.Equal("chatcmpl-" + response.Headers.GetValues("X-Request-ID").Single(), span.GetTagItem("gen_ai.response.id"));
        Assert.Equal(["stop"], (string[])span.GetTagItem("gen_ai.response.finish_reasons")!);
        Assert.Equal(ScriptedChatClient.Words.Length, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.True((double)span.GetTagItem("inference.time_per_output_token_ms")! >= 0);
        Assert.Equal((await spans.ServerSpanAsync()).SpanId, span.ParentSpanId);
        Assert.Equal(["queue"], spans.ChildrenOf(span).Select(c => c.DisplayName));
        AssertNoText(spans, "private question", "quick brown");
    }

    [Fact]
    public async Task AValidationFailureEndsTheSpanWithErrorTypeAndNoGenerationChildren()
    {
        using var spans = new SpanRecorder();
        await using var host = await ApiHost.StartAsync();

        using var response = await SendAsync(host, spans, "/generate", new { prompt = "   " });
        var span = await spans.WaitForAsync(a => a.DisplayName == "text_completion test-model");
        await spans.ServerSpanAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("validation", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Null(span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Empty(spans.ChildrenOf(span));
        Assert.Null(host.Chat.LastMessages);
    }

    [Fact]
    public async Task ACancelledRequestEndsTheSpanWithErrorTypeCancelled()
    {
        using var spans = new SpanRecorder();
        await using var host = await ApiHost.StartAsync();
        // The model holds the request until the client goes away: no race with a generation that could finish
        // first on a fast or a stalled machine.
        using var held = new SemaphoreSlim(0);
        host.Chat.Gate = held;
        using var cts = new CancellationTokenSource();
        using var request = Request(spans, "/generate", new { prompt = "slow", max_tokens = 10 });

        var sending = host.Client.SendAsync(request, cts.Token);
        await Eventually.TrueAsync(() => host.Chat.LastMessages is not null, "the model to receive the request");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        var span = await spans.WaitForAsync(a => a.DisplayName == "text_completion test-model");

        Assert.Equal("cancelled", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(["cancelled"], (string[])span.GetTagItem("gen_ai.response.finish_reasons")!);
        Assert.Equal(1, host.Chat.Cancellations);
    }

    internal static HttpRequestMessage Request(SpanRecorder spans, string path, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("traceparent", spans.Traceparent);
        return request;
    }

    private static async Task<HttpResponseMessage> SendAsync(ApiHost host, SpanRecorder spans, string path, object body)
    {
        using var request = Request(spans, path, body);
        return await host.Client.SendAsync(request);
    }

    private static void AssertNoText(SpanRecorder spans, params string[] texts)
    {
        foreach (var span in spans.Spans)
        {
            foreach (var (key, value) in span.TagObjects)
            {
                var shown = value is string[] many ? string.Join(' ', many) : value?.ToString() ?? string.Empty;
                foreach (var text in texts)
                {
                    Assert.False(shown.Contains(text, StringComparison.Ordinal), $"span {span.DisplayName} tag {key} carries request or response text");
                }
            }
        }
    }
}
