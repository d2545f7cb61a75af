using System.Diagnostics;
using System.Net;
using Inference.Api.Telemetry.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Inference.Api.Tests.Telemetry;

/// <summary>A model that fails unexpectedly: the span says so and the 500 still names the trace.</summary>
public sealed class ModelFailureSpanTests
{
    [Fact]
    public async Task AModelThatThrowsEndsTheSpanWithTheExceptionTypeAndThe500CarriesTraceparent()
    {
        using var spans = new SpanRecorder();
        var spool = Directory.CreateTempSubdirectory("api-spool-");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:Events:SpoolDirectory"] = spool.FullName });
        builder.AddServiceDefaults();
        builder.AddInferenceTelemetry();
        builder.AddInferenceApi();
        builder.Services.AddSingleton<IChatClient, BrokenChatClient>();
        builder.Services.AddSingleton<IEventSink>(new RecordingSink());
        await using (var app = builder.Build())
        {
            app.MapInferenceApi();
            app.MapDefaultEndpoints();
            await app.StartAsync();
            using var client = app.GetTestClient();

            using var request = InferenceSpanTests.Request(spans, "/generate", new { prompt = "hello", max_tokens = 2 });
            using var response = await client.SendAsync(request);
            var span = await spans.WaitForAsync(a => a.DisplayName == "text_completion broken-model");
            var server = await spans.ServerSpanAsync();

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal(typeof(InvalidOperationException).FullName, span.GetTagItem("error.type"));
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal($"00-{spans.TraceId.ToHexString()}-{server.SpanId.ToHexString()}-01", response.Headers.GetValues("traceparent").Single());
            Assert.Single(response.Headers.GetValues("X-Request-ID"));
        }

        spool.Delete(recursive: true);
    }

    private sealed class BrokenChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("engine fault (test)");

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("engine fault (test)");

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("test", null, "broken-model") : null;

        public void Dispose()
        {
        }
    }
}
