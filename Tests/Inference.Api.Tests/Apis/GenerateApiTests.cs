using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServiceDefaults.Events;
using Tests.Shared;

namespace Inference.Api.Tests.Apis;

public sealed class GenerateApiTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AGenerationAnswersWithTheContractShapeAndIsRecordedOnce()
    {
        using var response = await _host.Client.PostAsJsonAsync("/generate", new { prompt = "Tell me about foxes", max_tokens = 4 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("test-model", root.GetProperty("model").GetString());
        Assert.Equal("The quick brown fox", root.GetProperty("response").GetString());
        Assert.Equal("length", root.GetProperty("finish_reason").GetString());
        Assert.Equal(4, root.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.True(root.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);
        Assert.True(root.GetProperty("latency_ms").GetDouble() >= root.GetProperty("ttft_ms").GetDouble());
        var id = root.GetProperty("id").GetString()!;
        var recorded = await WaitForEventAsync<RequestCompleted>(e => e.RequestId == id);
        Assert.Equal("success", recorded.Outcome);
        Assert.Equal(19, recorded.PromptChars);
        Assert.Equal(16, recorded.PromptSha256Prefix!.Length);

        // Events leave in order: once a later request's event has arrived, a duplicate of the first would have too.
        using var later = await _host.Client.PostAsJsonAsync("/generate", new { prompt = "later", max_tokens = 1 });
        var laterId = (await later.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await WaitForEventAsync<RequestCompleted>(e => e.RequestId == laterId);
        Assert.Single(_host.Sink.Received.OfType<RequestCompleted>(), e => e.RequestId == id);
    }

    [Theory]
    [InlineData("{\"prompt\":\"\"}", 422, "prompt")]
    [InlineData("{\"prompt\":\"   \\n\"}", 422, "prompt")]
    [InlineData("{\"max_tokens\":5}", 422, "prompt")]
    [InlineData("{\"prompt\":\"hi\",\"temperature\":2.5}", 422, "temperature")]
    [InlineData("{\"prompt\":\"hi\",\"top_p\":0}", 422, "top_p")]
    [InlineData("{\"prompt\":\"hi\",\"top_k\":-1}", 422, "top_k")]
    [InlineData("{\"prompt\":\"hi\",\"max_tokens\":0}", 422, "max_tokens")]
    [InlineData("{\"prompt\":\"hi\",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", 422, "stop")]
    [InlineData("{\"prompt\":\"hi\",\"max_tokens\":\"ten\"}", 400, null)]
    [InlineData("{\"prompt\":\"hi\",\"max_tokens\":1e40}", 400, null)]
    [InlineData("{\"prompt\":\"hi\",\"stop\":7}", 400, null)]
    [InlineData("{\"prompt\":\"hi\"", 400, null)]
    [InlineData("null", 400, null)]
    [InlineData("", 400, null)]
    public async Task BadInputGetsProblemDetailsWithTheRequestIdAndTheParameter(string json, int status, string? param)
    {
        using var response = await _host.Client.PostAsync("/generate", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, body.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("requestId").GetString()));
        Assert.DoesNotContain("   at ", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (param is not null)
        {
            Assert.Equal(param, body.RootElement.GetProperty("param").GetString());
        }
    }

    [Fact]
    public async Task UnknownFieldsAreIgnored()
    {
        using var response = await _host.Client.PostAsync("/generate",
            new StringContent("{\"prompt\":\"hi\",\"max_tokens\":2,\"frequency_penalty\":1,\"nested\":{\"a\":[1,2]}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The quick", body.GetProperty("response").GetString());
        Assert.Equal(2, body.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task AnotherContentTypeIs415AndAnOversizedBodyIs413()
    {
        using var text = await _host.Client.PostAsync("/generate", new StringContent("{\"prompt\":\"hi\"}", Encoding.UTF8, "text/plain"));
        using var huge = await _host.Client.PostAsync("/generate", new StringContent("{\"prompt\":\"" + new string('a', 10_000) + "\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("4096", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedRequestsAreCountedAsErrorsByType()
    {
        using var response = await _host.Client.PostAsync("/generate", new StringContent("{\"prompt\":\"\"}", Encoding.UTF8, "application/json"));
        Assert.True(response.Headers.TryGetValues("X-Request-ID", out var ids), "the refusal carries X-Request-ID");
        var id = Assert.Single(ids);

        var recorded = await WaitForEventAsync<RequestCompleted>(e => e.RequestId == id);

        Assert.Equal("error", recorded.Outcome);
        Assert.Equal("validation", recorded.ErrorType);
        Assert.Equal(422, recorded.Status);
    }

    [Fact]
    public async Task StreamingSendsTextDeltasThenAUsageEvent()
    {
        using var response = await _host.Client.PostAsJsonAsync("/generate", new { prompt = "hi", max_tokens = 3, stream = true });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, events.Length);
        Assert.Equal(["The", " quick", " brown"], events[..3].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.GetProperty("delta").GetString()));
        Assert.StartsWith("event: usage\ndata: ", events[3], StringComparison.Ordinal);
        using var usage = JsonDocument.Parse(events[3].Split("data: ")[1]);
        Assert.Equal(3, usage.RootElement.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal("length", usage.RootElement.GetProperty("finish_reason").GetString());
    }

    private Task<T> WaitForEventAsync<T>(Func<T, bool> match) where T : TelemetryEvent =>
        Eventually.ValueAsync(
            () => _host.Sink.Received.OfType<T>().FirstOrDefault(match), $"a matching {typeof(T).Name} event",
            seen: () => $"{_host.Sink.Received.Count} events");
}
