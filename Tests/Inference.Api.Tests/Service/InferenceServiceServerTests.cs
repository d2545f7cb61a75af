using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using ServiceDefaults.Events;
using StackExchange.Redis;
using Tests.Shared;

namespace Inference.Api.Tests.Service;

/// <summary>The whole service: the shipped model, a real redis-server, and real clients; once per engine (below).</summary>
public abstract class InferenceServiceServerTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : InferenceApiFactory
{
    [Fact]
    public async Task HealthIsReadyWithTheModelLoadedAndTheCacheReachable()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("model").GetProperty("status").GetString());
        Assert.Equal("kjv-5m", checks.GetProperty("model").GetProperty("data").GetProperty("model").GetString());
        Assert.Equal(factory.Engine, checks.GetProperty("model").GetProperty("data").GetProperty("engine").GetString());
        Assert.Equal("Healthy", checks.GetProperty("cache").GetProperty("status").GetString());
    }

    [Fact]
    public async Task DetailedHealthRunsATimedSelfTestAndNamesTheEngine()
    {
        using var client = factory.CreateClient();

        using var body = JsonDocument.Parse(await client.GetStringAsync("/health/detailed"));

        var root = body.RootElement;
        Assert.True(root.GetProperty("selfTest").GetProperty("ok").GetBoolean());
        Assert.True(root.GetProperty("selfTest").GetProperty("ms").GetDouble() > 0);
        Assert.Equal(512, root.GetProperty("model").GetProperty("contextLength").GetInt32());
        Assert.Equal(factory.Engine, root.GetProperty("engine").GetProperty("name").GetString());
        Assert.Equal("cpu", root.GetProperty("onnxRuntime").GetProperty("executionProvider").GetString());
    }

    [Fact]
    public async Task AStopStringEndsTheAnswerBeforeItAndIsNotReturned()
    {
        using var client = factory.CreateClient();
        using var free = await client.PostAsJsonAsync("/generate", new { prompt = "And the LORD spake unto Moses, saying,", max_tokens = 30, temperature = 0 });
        var text = JsonDocument.Parse(await free.Content.ReadAsStringAsync()).RootElement.GetProperty("response").GetString()!;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length >= 4, "the model writes a few words: " + text);
        var stop = " " + words[3];

        using var stopped = await client.PostAsJsonAsync("/generate", new { prompt = "And the LORD spake unto Moses, saying,", max_tokens = 30, temperature = 0, stop = new[] { stop } });
        var body = JsonDocument.Parse(await stopped.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], body.GetProperty("response").GetString());
        Assert.Equal("stop", body.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task TheChatClientLayerRecordsClientTokenUsageWithTheEnginesProvider()
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "kjv-5m", max_tokens = 4, messages = new[] { new { role = "user", content = "In the beginning" } } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var metrics = await client.GetStringAsync("/metrics");

        // M.E.AI's meter is process-wide (not from the host's IMeterFactory), so another engine's test host in this
        // process may add its own series: look for this engine's.
        var output = metrics.Split('\n').Where(l => l.StartsWith("gen_ai_client_token_usage_count{", StringComparison.Ordinal)
            && l.Contains("gen_ai_token_type=\"output\"", StringComparison.Ordinal) && l.Contains($"gen_ai_provider_name=\"{ExpectedProvider}\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(output);
        Assert.Contains(output, series => series.Contains("gen_ai_request_model=\"kjv-5m\"", StringComparison.Ordinal)
            && double.Parse(series[(series.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("gen_ai_client_operation_duration_seconds_count{", metrics, StringComparison.Ordinal);
    }

    /// <summary>The <c>gen_ai.provider.name</c> the engine's chat client reports.</summary>
    protected abstract string ExpectedProvider { get; }

    [Fact]
    public async Task AGenerationAnswersWithModelTextAndItsEventReachesTheCacheQueue()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/generate", new { prompt = "And God said,", max_tokens = 12 });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = body.RootElement.GetProperty("id").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("response").GetString()));
        Assert.Equal("kjv-5m", body.RootElement.GetProperty("model").GetString());
        Assert.InRange(body.RootElement.GetProperty("usage").GetProperty("output_tokens").GetInt32(), 1, 12);
        var queued = await WaitForQueuedAsync(e => e is RequestCompleted r && r.RequestId == id);
        Assert.Equal("generate", ((RequestCompleted)queued).Route);
    }

    [Fact]
    public async Task TheOfficialOpenAiSdkChatsAndStreamsUnchanged()
    {
        var openai = new ChatClient("kjv-5m", new ApiKeyCredential("unused"), new OpenAIClientOptions
        {
            Endpoint = new Uri(factory.Server.BaseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(factory.CreateClient()),
        });
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 16, Temperature = 0 };

        ChatCompletion completion = await openai.CompleteChatAsync([new UserChatMessage("Blessed are the meek")], options);
        var streamed = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in openai.CompleteChatStreamingAsync([new UserChatMessage("Blessed are the meek")], options))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }

            usage ??= update.Usage;
        }

        Assert.False(string.IsNullOrWhiteSpace(completion.Content[0].Text));
        Assert.Equal(completion.Content[0].Text, streamed.ToString());
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 16);
    }

    [Fact]
    public async Task APromptLongerThanTheContextAllowsIs413WithTheLimitStated()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/generate", new { prompt = string.Join(' ', Enumerable.Repeat("and the", 400)), max_tokens = 100 });
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 412 tokens", detail, StringComparison.Ordinal);
    }

    protected TFactory Factory => factory;

    private async Task<TelemetryEvent> WaitForQueuedAsync(Func<TelemetryEvent, bool> match)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(factory.Cache.ConnectionString);
        var redis = connection.GetDatabase();
        var queued = 0;
        TelemetryEvent? found = null;
        await Eventually.TrueAsync(async () =>
        {
            var items = await redis.ListRangeAsync(EventQueueKeys.Pending);
            queued = items.Length;
            found = items.Select(i => JsonSerializer.Deserialize((byte[])i!, TelemetryEventJsonContext.Default.TelemetryEvent)!).FirstOrDefault(match);
            return found is not null;
        }, "the request's event on the queue", seen: () => $"{queued} other events queued");
        return found!;
    }
}

/// <summary>Our batched engine (the default).</summary>
[Collection(ScrapedMetricsCollection.Name)]
public sealed class OnnxRuntimeEngineServerTests(InferenceApiFactory factory) : InferenceServiceServerTests<InferenceApiFactory>(factory)
{
    protected override string ExpectedProvider => "onnxruntime";

    [Fact]
    public async Task DetailedHealthReportsTheOnnxRuntimeVersionAndTheBatchedDecodersFigures()
    {
        using var client = Factory.CreateClient();
        using var generation = await client.PostAsJsonAsync("/generate", new { prompt = "And God said,", max_tokens = 6 });
        using var generated = JsonDocument.Parse(await generation.Content.ReadAsStringAsync());
        var outputTokens = generated.RootElement.GetProperty("usage").GetProperty("output_tokens").GetInt32();

        using var body = JsonDocument.Parse(await client.GetStringAsync("/health/detailed"));

        var root = body.RootElement;
        Assert.Contains("CPUExecutionProvider", root.GetProperty("onnxRuntime").GetProperty("availableProviders").EnumerateArray().Select(p => p.GetString()));
        Assert.StartsWith("1.32.", root.GetProperty("onnxRuntime").GetProperty("version").GetString(), StringComparison.Ordinal);
        var engine = root.GetProperty("engine");
        Assert.True(engine.GetProperty("batching").GetBoolean());
        Assert.Equal(8, engine.GetProperty("maxBatchSize").GetInt32());
        // The first token comes from the prefill; each later one from a decode step.
        Assert.True(engine.GetProperty("decodeSteps").GetInt64() >= outputTokens - 1, engine.ToString());
        Assert.InRange(engine.GetProperty("largestBatch").GetInt32(), outputTokens > 1 ? 1 : 0, 8);
        Assert.Equal(0, engine.GetProperty("waiting").GetInt32());
    }

    [Fact]
    public async Task ConcurrentGenerationsAreDecodedInBatchesThatMetricsReport()
    {
        using var client = Factory.CreateClient();
        string[] prompts = ["And God said,", "In the beginning", "Blessed are the meek", "And Moses said"];

        var responses = await Task.WhenAll(prompts.Select(p => client.PostAsJsonAsync("/generate", new { prompt = p, max_tokens = 24 })));
        var metrics = await client.GetStringAsync("/metrics");

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var count = metrics.Split('\n').Single(l => l.StartsWith("inference_decode_batch_size_count{", StringComparison.Ordinal));
        Assert.Contains("gen_ai_request_model=\"kjv-5m\"", count, StringComparison.Ordinal);
        var sum = metrics.Split('\n').Single(l => l.StartsWith("inference_decode_batch_size_sum{", StringComparison.Ordinal));
        var steps = double.Parse(count[(count.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var sequences = double.Parse(sum[(sum.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(steps >= 1 && sequences > steps, $"some steps decoded more than one sequence: {count} / {sum}");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

}

/// <summary>ONNX Runtime GenAI (<c>Model:Engine=genai</c>): one generator per request, no batching.</summary>
[Collection(ScrapedMetricsCollection.Name)]
public sealed class GenAiEngineServerTests(GenAiInferenceApiFactory factory) : InferenceServiceServerTests<GenAiInferenceApiFactory>(factory)
{
    protected override string ExpectedProvider => "onnxruntime-genai";

    [Fact]
    public async Task DetailedHealthReportsTheGenAiPackageAndNoBatching()
    {
        using var client = Factory.CreateClient();

        using var body = JsonDocument.Parse(await client.GetStringAsync("/health/detailed"));

        var root = body.RootElement;
        Assert.Equal("0.20.0", root.GetProperty("onnxRuntime").GetProperty("onnxRuntimeGenAI").GetString());
        Assert.False(root.GetProperty("engine").GetProperty("batching").GetBoolean());
        Assert.Equal(1, root.GetProperty("engine").GetProperty("maxBatchSize").GetInt32());
    }
}
