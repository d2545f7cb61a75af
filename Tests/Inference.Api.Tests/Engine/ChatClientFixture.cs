using Inference.Api.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Inference.Api.Tests.Engine;

/// <summary>The chat client over the shipped model, as the service builds it.</summary>
public sealed class ChatClientFixture : IEngineChatClientFixture, IDisposable
{
    public ChatClientFixture()
    {
        Engine = new InferenceEngine(Options.Create(new ModelOptions { IntraOpThreads = 1 }), new HostingEnvironment { ContentRootPath = TestPaths.RepoRoot });
        Client = new OnnxChatClient(Engine);
    }

    internal InferenceEngine Engine { get; }

    internal OnnxChatClient Client { get; }

    IChatClient IEngineChatClientFixture.Client => Client;

    int IEngineChatClientFixture.ContextLength => Engine.Model.Config.ContextLength;

    public void Dispose() => Engine.Dispose();
}
