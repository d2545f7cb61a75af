using System.Net;
using System.Net.Http.Json;
using Inference.Api.Telemetry;
using Inference.Api.Telemetry.Events;
using Inference.Api.Tests.Apis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Inference.Api.Tests.Telemetry;

/// <summary>
/// The per-request log line (event 1001): written off the request path by the event publisher, yet one per request,
/// with the request's ids, and never with the prompt or the user's own id.
/// </summary>
public sealed class RequestLogLineTests
{
    [Fact]
    public async Task EachRequestLeavesOneLineWithItsRequestTraceAndSpanIdsAndNeitherThePromptNorTheUser()
    {
        var capture = new LogCapture();
        await using var host = await ApiHost.StartAsync(configure: b => b.Logging.AddProvider(capture));

        using var response = await host.Client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "kjv-5m",
            messages = new[] { new { role = "user", content = "the secret zebra phrase" } },
            user = "alice@example.com",
            max_tokens = 2,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("X-Request-ID").Single();
        var traceId = response.Headers.GetValues("traceparent").Single().Split('-')[1];
        var line = await capture.WaitForAsync(1001, l => l.Fields.GetValueOrDefault("RequestId") == requestId);
        Assert.Equal("Inference.Api.Telemetry.RequestTelemetry", line.Category);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(traceId, line.Fields["TraceId"]);
        Assert.Matches("^[0-9a-f]{16}$", line.Fields["SpanId"]);
        Assert.Equal("200", line.Fields["Status"]);
        Assert.Contains("tokens_out=2", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("zebra", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(line.Fields.Values, v => v is not null && (v.Contains("zebra", StringComparison.Ordinal) || v.Contains("alice", StringComparison.Ordinal)));
        Assert.False(string.IsNullOrEmpty(line.Fields["UserHash"]));
        Assert.Single(capture.Lines, l => l.EventId == 1001 && l.Fields.GetValueOrDefault("RequestId") == requestId);
        Assert.DoesNotContain(capture.Lines, l => l.EventId == 1002); // the content line is opt-in
    }

    [Fact]
    public async Task WithContentLoggingTurnedOnASecondLineCarriesThePromptAndCompletionRedacted()
    {
        var capture = new LogCapture();
        await using var host = await ApiHost.StartAsync(
            new Dictionary<string, string?> { ["Telemetry:Content:Log"] = "true", ["Telemetry:Content:MaxChars"] = "64" },
            b => b.Logging.AddProvider(capture));

        using var response = await host.Client.PostAsJsonAsync("/generate", new { prompt = "mail alice@example.com the card 4111 1111 1111 1111", max_tokens = 2 });

        var requestId = response.Headers.GetValues("X-Request-ID").Single();
        var line = await capture.WaitForAsync(1002, l => l.Fields.GetValueOrDefault("RequestId") == requestId);
        Assert.Equal("mail [email] the card [card]", line.Fields["Prompt"]);
        Assert.False(string.IsNullOrEmpty(line.Fields["Completion"]));
        Assert.Equal(response.Headers.GetValues("traceparent").Single().Split('-')[1], line.Fields["TraceId"]);
        Assert.DoesNotContain("alice", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("4111", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedRequestsAreLoggedTooWithTheirErrorType()
    {
        var capture = new LogCapture();
        await using var host = await ApiHost.StartAsync(configure: b => b.Logging.AddProvider(capture));

        using var response = await host.Client.PostAsJsonAsync("/generate", new { prompt = "   " });

        var requestId = response.Headers.GetValues("X-Request-ID").Single();
        var line = await capture.WaitForAsync(1001, l => l.Fields.GetValueOrDefault("RequestId") == requestId);
        Assert.Equal(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), line.Fields["Status"]);
        Assert.Equal("error", line.Fields["Outcome"]);
        Assert.False(string.IsNullOrEmpty(line.Fields["ErrorType"]));
    }

    [Fact]
    public void WhenThePublishersChannelIsFullTheLineIsWrittenOnTheRequestPathAndTheEventCountedAsDropped()
    {
        var capture = new LogCapture();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        var spool = Directory.CreateTempSubdirectory("api-spool-");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telemetry:Events:ChannelCapacity"] = "1",
            ["Telemetry:Events:SpoolDirectory"] = spool.FullName,
        });
        builder.AddServiceDefaults();
        builder.AddInferenceTelemetry();
        builder.AddInferenceApi();
        builder.Logging.AddProvider(capture);
        // Built, not started: the publisher's loop is not draining, so the channel stays full after one event.
        using var host = builder.Build();
        var telemetry = host.Services.GetRequiredService<RequestTelemetry>();
        var publisher = host.Services.GetRequiredService<EventPublisher>();

        telemetry.Record(Outcome("queued"));
        telemetry.Record(Outcome("refused"));

        Assert.Single(capture.Lines, l => l.EventId == 1001 && l.Fields.GetValueOrDefault("RequestId") == "refused");
        Assert.DoesNotContain(capture.Lines, l => l.EventId == 1001 && l.Fields.GetValueOrDefault("RequestId") == "queued");
        Assert.Equal(1, publisher.Dropped);
        spool.Delete(recursive: true);
    }

    [Fact]
    public void AFailingLoggingProviderCostsTheLineNotTheEvent()
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(new ThrowingProvider()));
        var log = new RequestLog(factory.CreateLogger<RequestTelemetry>(), Microsoft.Extensions.Options.Options.Create(new ContentLogOptions()));

        log.Write(Outcome("x"));

        Assert.Equal(1, log.Failures);
    }

    private sealed class ThrowingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Throwing();

        public void Dispose()
        {
        }

        private sealed class Throwing : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                throw new InvalidOperationException("disk full");
        }
    }

    private static RequestOutcome Outcome(string id) => new()
    {
        RequestId = id,
        Model = "kjv-5m",
        Route = "generate",
        Operation = "text_completion",
        Outcome = "success",
        Status = 200,
        LatencySeconds = 0.01,
    };
}
