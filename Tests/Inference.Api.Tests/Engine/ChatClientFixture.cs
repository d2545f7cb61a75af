using Inference.Api.Onnx;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Inference.Api.Tests.Engine;

/// <summary>The chat client over the shipped model, as the service builds it.</summary>
public sealed class ChatClientFixture : IDisposable
{
    public ChatClientFixture()
    {
        Engine = new InferenceEngine(Options.Create(new ModelOptions { IntraOpThreads = 1 }), new HostingEnvironment { ContentRootPath = TestPaths.RepoRoot });
        Client = new OnnxChatClient(Engine);
    }

    internal InferenceEngine Engine { get; }

    internal OnnxChatClient Client { get; }

    public void Dispose() => Engine.Dispose();
}
