using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Inference.Api.Tests.Service;

/// <summary>The chat client the service composes: M.E.AI's OpenTelemetry and logging layers over the engine's client.</summary>
public sealed class ChatClientPipelineServerTests
{
    [Fact]
    public async Task MessageContentStaysOffSpansEvenWhenTheEnvironmentAsksForIt()
    {
        // The Aspire AppHost sets this in Development; M.E.AI reads it as the default when its client is built.
        const string Capture = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
        var before = Environment.GetEnvironmentVariable(Capture);
        Environment.SetEnvironmentVariable(Capture, "true");
        try
        {
            var factory = new GenAiInferenceApiFactory();
            await factory.InitializeAsync();
            try
            {
                var chat = factory.Services.GetRequiredService<IChatClient>();

                var otel = chat.GetService<OpenTelemetryChatClient>();

                Assert.NotNull(otel);
                Assert.False(otel.EnableSensitiveData);
                Assert.NotNull(chat.GetService<LoggingChatClient>());
                Assert.NotNull(chat.GetService<Onnx.OnnxChatClient>());
                Assert.NotNull(chat.GetService<GenAi.GenAiEngine>());
            }
            finally
            {
                await ((IAsyncLifetime)factory).DisposeAsync();
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(Capture, before);
        }
    }
}
