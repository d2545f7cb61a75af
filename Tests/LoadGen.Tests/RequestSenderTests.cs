using System.Diagnostics;
using System.Net;
using System.Text;

namespace LoadGen.Tests;

public sealed class RequestSenderTests
{
    private sealed class FixedHandler(HttpStatusCode status, string body, TimeSpan? retryAfter) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (retryAfter is { } delta)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delta);
            }

            return Task.FromResult(response);
        }
    }

    private static async Task<RequestSample> SendAsync(HttpStatusCode status, string body, TimeSpan? retryAfter = null, TargetRoute route = TargetRoute.Generate)
    {
        using var client = new HttpClient(new FixedHandler(status, body, retryAfter));
        var options = new LoadGenOptions { Url = new Uri("http://127.0.0.1:9"), Route = route };
        return await new RequestSender(client, options).SendAsync(Stopwatch.GetTimestamp(), CancellationToken.None);
    }

    [Fact]
    public async Task TooManyRequestsIsCountedAsRejectedWithItsRetryAfter()
    {
        var sample = await SendAsync(HttpStatusCode.TooManyRequests, "{}", TimeSpan.FromSeconds(3));
        Assert.Equal(429, sample.Status);
        Assert.Equal("rejected", sample.ErrorKind);
        Assert.Equal(3, sample.RetryAfterSeconds);
    }

    [Fact]
    public async Task ServerErrorIsGroupedByStatus()
    {
        var sample = await SendAsync(HttpStatusCode.ServiceUnavailable, "{}");
        Assert.Equal("http_503", sample.ErrorKind);
        Assert.False(sample.Succeeded);
    }

    [Fact]
    public async Task JsonResponseGivesOutputTokensAndTtftEqualToLatency()
    {
        var sample = await SendAsync(HttpStatusCode.OK, """{"choices":[],"usage":{"prompt_tokens":2,"completion_tokens":6,"total_tokens":8}}""", route: TargetRoute.Chat);
        Assert.True(sample.Succeeded);
        Assert.Equal(6, sample.OutputTokens);
        Assert.Equal(sample.Latency, sample.TimeToFirstToken);
    }

    [Fact]
    public void ChatBodyAsksForUsageWhenStreaming()
    {
        var body = Encoding.UTF8.GetString(RequestSender.BuildBody(new LoadGenOptions { Url = new Uri("http://x"), Route = TargetRoute.Chat, Stream = true, MaxTokens = 5 }));
        Assert.Contains("\"stream_options\":{\"include_usage\":true}", body, StringComparison.Ordinal);
        Assert.Contains("\"max_tokens\":5", body, StringComparison.Ordinal);
    }
}
