using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace AppHost.Tests.Dashboard;

/// <summary>
/// The receiver under hostile input: thousands of random, truncated and bit-flipped protobuf bodies, gzip bombs, oversized
/// and mislabelled bodies. Every answer is a 2xx/4xx the contract names, never a 500, and the host keeps answering.
/// </summary>
public sealed class OtlpFuzzServerTests : IAsyncLifetime
{
    private const int RandomBodies = 1_500;
    private const int FlippedBodies = 1_000;
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(90);
    private static readonly string[] s_routes = ["/v1/traces", "/v1/logs", "/v1/metrics"];

    // A well-formed request with a resource, a scope and one item carrying an attribute, usable on all three routes.
    private static readonly byte[] s_valid = ProtoBytes.Message(1, ProtoBytes.Concat(
        ProtoBytes.Message(1, ProtoBytes.Message(1, ProtoBytes.Concat(ProtoBytes.Text(1, "service.name"), ProtoBytes.Message(2, ProtoBytes.Text(1, "fuzz"))))),
        ProtoBytes.Message(2, ProtoBytes.Concat(
            ProtoBytes.Message(1, ProtoBytes.Text(1, "scope")),
            ProtoBytes.Message(2, ProtoBytes.Concat(ProtoBytes.Text(1, "id-or-name"), ProtoBytes.Text(5, "item"),
                ProtoBytes.Message(9, ProtoBytes.Concat(ProtoBytes.Text(1, "k"), ProtoBytes.Message(2, ProtoBytes.Text(1, "v"))))))))));

    private DashboardFixture _dashboard = null!;
    private HttpClient _otlp = null!;

    public async Task InitializeAsync()
    {
        _dashboard = await DashboardFixture.StartAsync();
        _otlp = _dashboard.Otlp();
    }

    public async Task DisposeAsync()
    {
        _otlp.Dispose();
        await _dashboard.DisposeAsync();
    }

    [Fact]
    public async Task MalformedTruncatedAndRandomBodiesAreAnsweredWith200Or400AndNeverBreakTheHost()
    {
        var random = new Random(20261122);
        var bodies = new List<byte[]>();
        for (var cut = 0; cut < s_valid.Length; cut++)
        {
            bodies.Add(s_valid[..cut]);
        }

        for (var i = 0; i < RandomBodies; i++)
        {
            var body = new byte[random.Next(1, 600)];
            random.NextBytes(body);
            bodies.Add(body);
        }

        for (var i = 0; i < FlippedBodies; i++)
        {
            var body = s_valid.ToArray();
            body[random.Next(body.Length)] ^= (byte)(1 << random.Next(8));
            bodies.Add(body);
        }

        var statuses = new Dictionary<HttpStatusCode, int>();
        var stopwatch = Stopwatch.StartNew();
        var sent = 0;
        foreach (var body in bodies)
        {
            if (stopwatch.Elapsed > s_budget)
            {
                break;
            }

            using var response = await PostAsync(s_routes[sent++ % s_routes.Length], body);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
        }

        Assert.True(sent >= 1_000, $"only {sent} bodies were sent within {s_budget}");
        Assert.All(statuses.Keys, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest,
            $"unexpected {status}; all answers: {string.Join(", ", statuses.Select(s => $"{s.Key}={s.Value}"))}"));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > sent / 2, "most random input should be rejected as malformed");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task AGzipBombIsRefusedAsTooLargeAfterDecompressingOnlyPastTheCap()
    {
        var bomb = Gzip(new byte[64 * 1024 * 1024]);
        Assert.True(bomb.Length < 512 * 1024);

        for (var i = 0; i < 3; i++)
        {
            using var response = await PostAsync("/v1/logs", bomb, gzip: true);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        await AssertStillServingAsync();
    }

    [Fact]
    public async Task ARawBodyOverFourMebibytesIsTooLarge()
    {
        using var response = await PostAsync("/v1/metrics", new byte[(4 * 1024 * 1024) + 1]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task AGzippedValidBodyIsAcceptedAndBrokenGzipIsMalformed()
    {
        using var ok = await PostAsync("/v1/traces", Gzip(s_valid), gzip: true);
        using var broken = await PostAsync("/v1/traces", [0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02], gzip: true);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/x-protobuf", ok.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await ok.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
    }

    [Fact]
    public async Task OtherContentTypesAndEncodingsAreUnsupportedMediaTypes()
    {
        using var json = new StringContent("{\"resourceSpans\":[]}", System.Text.Encoding.UTF8, "application/json");
        using var asJson = await _otlp.PostAsync("/v1/traces", json);
        using var noType = await _otlp.PostAsync("/v1/traces", new ByteArrayContent(s_valid));
        using var brotli = new ByteArrayContent(s_valid);
        brotli.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        brotli.Headers.ContentEncoding.Add("br");
        using var asBrotli = await _otlp.PostAsync("/v1/traces", brotli);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, asJson.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, noType.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, asBrotli.StatusCode);
    }

    private async Task AssertStillServingAsync()
    {
        using var export = await PostAsync("/v1/traces", s_valid);
        using var api = await _dashboard.Browser.GetAsync("/api/traces");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string route, byte[] body, bool gzip = false)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        return _otlp.PostAsync(route, content);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
