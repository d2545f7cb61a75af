using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TestSupport.Processes;

namespace EndToEnd.Tests;

/// <summary>
/// A corpus of malformed requests sent to every route of both services running as real processes: no 5xx, every
/// error body is a valid problem+json (native routes, with the request id) or OpenAI error object (<c>/v1/*</c>),
/// and both services are still healthy and serving afterwards.
/// </summary>
public sealed class BadInputCampaignServerTests(Services services) : IClassFixture<Services>
{
    private static readonly string[] s_bodies =
    [
        "", "{", "}", "null", "[]", "123", "\"text\"", "{\"prompt\": 5}", "{\"prompt\": \"\"}", "{\"prompt\": \"   \"}",
        "{\"prompt\": \"x\", \"max_tokens\": -1}", "{\"prompt\": \"x\", \"max_tokens\": 1e400}", "{\"prompt\": \"x\", \"max_tokens\": \"ten\"}",
        "{\"prompt\": \"x\", \"temperature\": NaN}", "{\"prompt\": \"x\", \"temperature\": -3}", "{\"prompt\": \"x\", \"top_p\": 7}",
        "{\"prompt\": \"x\", \"top_k\": 1.5}", "{\"prompt\": \"x\", \"seed\": \"abc\"}", "{\"prompt\": \"x\", \"stop\": [1, 2]}",
        "{\"prompt\": \"x\", \"stream\": \"yes\"}", "{\"prompt\": \"\\u0000\\u0001\\u001f control\"}", "{\"prompt\": \"\\ud800\"}",
        "{\"prompt\": \"x\", \"prompt\": 7}", "{\"messages\": 5}", "{\"messages\": []}", "{\"messages\": [{\"role\": \"alien\", \"content\": \"x\"}]}",
        "{\"messages\": [{\"role\": \"user\"}]}", "{\"messages\": [{\"role\": \"user\", \"content\": [1]}]}", "{\"id\": 7, \"score\": \"up\"}",
        "{\"id\": \"x\", \"score\": 2}", "{\"model\": {\"nested\": true}, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 99999999}",
        new string('[', 5000) + new string(']', 5000),
        "{\"prompt\": \"" + new string('a', 300_000) + "\"}",
    ];

    private static readonly string[] s_postRoutes = ["/generate", "/v1/chat/completions", "/v1/feedback"];

    private static readonly string[] s_aggregatorQueries =
    [
        "/stats?window=%00", "/stats?window=5m&model=" + new string('m', 4000), "/stats?model=a|b", "/stats/timeseries?metric=../../etc/passwd",
        "/stats/timeseries?metric=requests&step=-1", "/stats/timeseries?metric=requests&window=24h&step=10s", "/stats/top?limit=99999999999999999999",
        "/stats/top?by=%ff%fe&dim=tenant", "/stats?window=5m&tenant=", "/alerts?x=%zz", "/rules?window=1m", "/stats/nonexistent",
    ];

    [Fact]
    public async Task NoMalformedRequestGetsA5xxOrAnInvalidErrorBodyAndBothServicesKeepServing()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var failures = new List<string>();
        var sent = 0;
        foreach (var route in s_postRoutes)
        {
            foreach (var body in s_bodies)
            {
                foreach (var contentType in new[] { "application/json", "text/plain", null })
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(services.Inference, route)) { Content = new StringContent(body, Encoding.UTF8) };
                    request.Content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
                    await CheckAsync(http, request, route, failures);
                    sent++;
                }
            }

            // Invalid UTF-8, a body over the size limit, and header abuse.
            using (var bytes = new HttpRequestMessage(HttpMethod.Post, new Uri(services.Inference, route)) { Content = new ByteArrayContent([0x7b, 0x22, 0x70, 0xff, 0xfe, 0x22, 0x3a, 0xc3, 0x28, 0x7d]) })
            {
                bytes.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                await CheckAsync(http, bytes, route, failures);
            }

            using (var huge = new HttpRequestMessage(HttpMethod.Post, new Uri(services.Inference, route)) { Content = new ByteArrayContent(new byte[6 * 1024 * 1024]) })
            {
                huge.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                await CheckAsync(http, huge, route, failures);
            }

            using (var headers = new HttpRequestMessage(HttpMethod.Post, new Uri(services.Inference, route)) { Content = new StringContent("{\"prompt\":\"hi\",\"max_tokens\":1}", Encoding.UTF8, "application/json") })
            {
                headers.Headers.TryAddWithoutValidation("X-Request-ID", "\u0001" + new string('r', 5000));
                headers.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('k', 3000));
                headers.Headers.TryAddWithoutValidation("traceparent", "00-zz-not-a-trace-01");
                headers.Headers.TryAddWithoutValidation("Accept", "application/x-nonsense;q=abc");
                await CheckAsync(http, headers, route, failures);
            }

            sent += 3;
        }

        foreach (var query in s_aggregatorQueries)
        {
            await CheckAsync(http, new HttpRequestMessage(HttpMethod.Get, new Uri(services.Aggregator, query)), query, failures);
            sent++;
        }

        foreach (var (baseUri, path) in new[] { (services.Inference, "/v1/models?x=%zz"), (services.Inference, "/health/detailed?verbose=%00"), (services.Inference, "/metrics?name[]=x"), (services.Inference, "/v1/nonexistent"), (services.Inference, "/nowhere"), (services.Inference, "/generate") })
        {
            await CheckAsync(http, new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, path)), path, failures);
            sent++;
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests misbehaved:\n" + string.Join("\n", failures.Take(30)));
        Assert.True(services.BothAlive, services.Output);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(services.Inference, "/health"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(services.Aggregator, "/health"))).StatusCode);
        using var ok = await http.PostAsync(new Uri(services.Inference, "/generate"), new StringContent("{\"prompt\":\"In the beginning\",\"max_tokens\":2}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private static async Task CheckAsync(HttpClient http, HttpRequestMessage request, string what, List<string> failures)
    {
        var label = $"{request.Method} {what} [{Describe(request)}]";
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            failures.Add($"{label}: connection failed: {e.Message}");
            return;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (status >= 500)
            {
                failures.Add($"{label}: {status} {Shorten(text)}");
                return;
            }

            if (status < 400)
            {
                return;
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (status == 431 || (status == 413 && mediaType is null))
            {
                return; // Kestrel's own limits answer before any endpoint runs, without a body.
            }

            try
            {
                using var body = JsonDocument.Parse(text);
                var openAi = what.StartsWith("/v1/", StringComparison.Ordinal);
                var valid = openAi
                    ? body.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out _) && error.TryGetProperty("type", out _)
                    : mediaType == "application/problem+json" && body.RootElement.TryGetProperty("status", out _) && body.RootElement.TryGetProperty("requestId", out _);
                if (!valid)
                {
                    failures.Add($"{label}: {status} {mediaType} body is not a valid {(openAi ? "OpenAI error" : "problem+json with requestId")}: {Shorten(text)}");
                }
            }
            catch (JsonException)
            {
                failures.Add($"{label}: {status} {mediaType} body is not JSON: {Shorten(text)}");
            }
        }
    }

    private static string Describe(HttpRequestMessage request) =>
        request.Content is null ? "no body" : $"{request.Content.Headers.ContentType?.MediaType ?? "no content type"}, {request.Content.Headers.ContentLength ?? 0} bytes";

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "..." : text;
}
