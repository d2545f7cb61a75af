using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceDefaults.Events;
using Tests.Shared;

namespace Inference.Api.Tests.Apis;

public sealed class AuthApiTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync(new()
    {
        ["Auth:Keys:0:Key"] = "key-acme-123",
        ["Auth:Keys:0:Tenant"] = "acme",
        ["Auth:Keys:1:Sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("key-globex-456"u8)),
        ["Auth:Keys:1:Tenant"] = "globex",
        ["Auth:RequestsPerMinute"] = "3",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task WithoutAValidKeyInferenceRoutesAnswer401InTheirOwnErrorFormatAndHealthStaysOpen()
    {
        using var none = await _host.Client.PostAsJsonAsync("/generate", new { prompt = "hi" });
        using var wrong = await Send("/v1/chat/completions", "nope", new { messages = new[] { new { role = "user", content = "hi" } } });
        using var health = await _host.Client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("authentication_error", JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task AValidKeyIsServedAndItsTenantIsRecordedPlainOrHashedConfiguration()
    {
        using var acme = await Send("/generate", "key-acme-123", new { prompt = "hi", max_tokens = 1 });
        using var globex = await Send("/generate", "key-globex-456", new { prompt = "hi", max_tokens = 1 });

        Assert.Equal(HttpStatusCode.OK, acme.StatusCode);
        Assert.Equal(HttpStatusCode.OK, globex.StatusCode);
        await Eventually.TrueAsync(() => _host.Sink.Received.OfType<RequestCompleted>().Count() >= 2, "both requests' events");

        Assert.Equal(["acme", "globex"], _host.Sink.Received.OfType<RequestCompleted>().Select(e => e.Tenant!).Order());
    }

    [Fact]
    public async Task EachKeyHasItsOwnRateLimitAndTheFourthRequestInAMinuteIs429()
    {
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await Send("/generate", "key-acme-123", new { prompt = "hi", max_tokens = 1 });
            codes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
            }
        }

        using var other = await Send("/generate", "key-globex-456", new { prompt = "hi", max_tokens = 1 });

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private Task<HttpResponseMessage> Send(string path, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return _host.Client.SendAsync(request);
    }
}
