using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ServiceDefaults.Events;
using Tests.Shared;

namespace Inference.Api.Tests.Apis;

public sealed class ChatCompletionsApiTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AChatCompletionHasTheOpenAiShapeAndPassesRolesAndOptionsThrough()
    {
        using var response = await _host.Client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "anything",
            messages = new object[]
            {
                new { role = "system", content = "Be brief." },
                new { role = "user", content = new object[] { new { type = "text", text = "Hello " }, new { type = "text", text = "there" } } },
            },
            max_completion_tokens = 2,
            temperature = 0.5,
            seed = 42,
            stop = "\n",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        var choice = root.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("The quick", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        var usage = root.GetProperty("usage");
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 2, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal([ChatRole.System, ChatRole.User], _host.Chat.LastMessages!.Select(m => m.Role));
        Assert.Equal("Hello there", _host.Chat.LastMessages![1].Text);
        Assert.Equal(42, _host.Chat.LastOptions!.Seed);
        Assert.Equal(["\n"], _host.Chat.LastOptions.StopSequences!);
    }

    [Fact]
    public async Task StreamingSendsRoleThenContentThenFinishThenUsageThenDone()
    {
        using var response = await _host.Client.PostAsJsonAsync("/v1/chat/completions", new
        {
            messages = new[] { new { role = "user", content = "hi" } },
            max_tokens = 2,
            stream = true,
            stream_options = new { include_usage = true },
        });
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToArray();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("The quick", string.Concat(chunks[1..3].Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString())));
        Assert.Equal("length", chunks[3].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(0, chunks[4].GetProperty("choices").GetArrayLength());
        Assert.Equal(2, chunks[4].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData("{\"messages\":[]}", 422, "messages")]
    [InlineData("{\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", 422, "messages[0].role")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":42}]}", 422, "messages[0].content")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":3}", 422, "n")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_completion_tokens\":-1}", 422, "max_completion_tokens")]
    [InlineData("{\"messages\":", 400, null)]
    public async Task BadInputGetsAnOpenAiErrorObject(string json, int status, string? param)
    {
        using var response = await _host.Client.PostAsync("/v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task ModelsListsTheLoadedModel()
    {
        using var body = JsonDocument.Parse(await _host.Client.GetStringAsync("/v1/models"));

        Assert.Equal("list", body.RootElement.GetProperty("object").GetString());
        Assert.Equal("test-model", body.RootElement.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task FeedbackIsAcceptedForKnownAndUnknownRequestsAndMarkedDownstream()
    {
        using var generated = JsonDocument.Parse(await (await _host.Client.PostAsJsonAsync("/generate", new { prompt = "hi", max_tokens = 1 })).Content.ReadAsStringAsync());
        var id = generated.RootElement.GetProperty("id").GetString();

        using var known = await _host.Client.PostAsJsonAsync("/v1/feedback", new { id, score = 1, comment = "great" });
        using var unknown = await _host.Client.PostAsJsonAsync("/v1/feedback", new { id = "never-seen", score = -1 });
        using var bad = await _host.Client.PostAsJsonAsync("/v1/feedback", new { id, score = 5 });

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        await Eventually.TrueAsync(() => _host.Sink.Received.OfType<FeedbackReceived>().Count() >= 2, "two feedback events");

        var feedback = _host.Sink.Received.OfType<FeedbackReceived>().ToDictionary(f => f.RequestId);
        Assert.False(feedback[id!].UnknownRequest);
        Assert.Equal(5, feedback[id!].CommentChars);
        Assert.Equal(generated.RootElement.GetProperty("model").GetString(), feedback[id!].Model);
        Assert.True(feedback["never-seen"].UnknownRequest);
        Assert.Null(feedback["never-seen"].Model);
    }
}
