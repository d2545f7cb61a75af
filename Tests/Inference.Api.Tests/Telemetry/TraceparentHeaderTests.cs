using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Inference.Api.Tests.Apis;

namespace Inference.Api.Tests.Telemetry;

/// <summary>Every inference response names its server span in a W3C <c>traceparent</c>, next to <c>X-Request-ID</c>.</summary>
public sealed partial class TraceparentHeaderTests
{
    [Fact]
    public async Task ASuccessfulResponseCarriesTheServerSpansTraceparentAndTheRequestId()
    {
        using var spans = new SpanRecorder();
        await using var host = await ApiHost.StartAsync();

        using var response = await host.Client.PostAsJsonAsync("/generate", new { prompt = "hello", max_tokens = 2 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Request-ID").Single()));
        var traceparent = W3C().Match(response.Headers.GetValues("traceparent").Single());
        Assert.True(traceparent.Success, "traceparent is 00-<32 hex>-<16 hex>-<2 hex>");
        Assert.NotEqual(new string('0', 32), traceparent.Groups["trace"].Value);
    }

    [Fact]
    public async Task ErrorResponsesCarryATraceparentToo()
    {
        await using var host = await ApiHost.StartAsync();

        using var invalid = await host.Client.PostAsJsonAsync("/generate", new { prompt = "" });
        using var malformed = await host.Client.PostAsync("/v1/chat/completions", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        foreach (var response in new[] { invalid, malformed })
        {
            Assert.Matches(W3C(), response.Headers.GetValues("traceparent").Single());
            Assert.Single(response.Headers.GetValues("X-Request-ID"));
        }
    }

    [Fact]
    public async Task AnIncomingTraceparentIsContinuedAndTheHeaderNamesTheServerSpan()
    {
        using var spans = new SpanRecorder();
        await using var host = await ApiHost.StartAsync();

        using var request = InferenceSpanTests.Request(spans, "/generate", new { prompt = "hello", max_tokens = 2 });
        using var response = await host.Client.SendAsync(request);
        var server = await spans.ServerSpanAsync();

        var traceparent = W3C().Match(response.Headers.GetValues("traceparent").Single());
        Assert.True(traceparent.Success);
        Assert.Equal(spans.TraceId.ToHexString(), traceparent.Groups["trace"].Value);
        Assert.NotEqual(spans.ParentSpanId.ToHexString(), traceparent.Groups["span"].Value);
        Assert.Equal(server.SpanId.ToHexString(), traceparent.Groups["span"].Value);
        Assert.Equal(spans.ParentSpanId, server.ParentSpanId);
        Assert.Equal(ActivityKind.Server, server.Kind);
    }

    [GeneratedRegex("^00-(?<trace>[0-9a-f]{32})-(?<span>[0-9a-f]{16})-[0-9a-f]{2}$")]
    private static partial Regex W3C();
}
