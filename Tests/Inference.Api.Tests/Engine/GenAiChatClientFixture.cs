using Inference.Api.GenAi;
using Inference.Api.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Inference.Api.Tests.Engine;

/// <summary>The chat client over the shipped model on ONNX Runtime GenAI.</summary>
public sealed class GenAiChatClientFixture : IEngineChatClientFixture, IDisposable
{
    public GenAiChatClientFixture()
    {
        Engine = new GenAiEngine(Options.Create(new ModelOptions { Engine = ModelOptions.GenAiEngine, IntraOpThreads = 1 }), new HostingEnvironment { ContentRootPath = TestPaths.RepoRoot });
        Client = new OnnxChatClient(Engine);
    }

    internal GenAiEngine Engine { get; }

    public IChatClient Client { get; }

    public int ContextLength => Engine.Model.Config.ContextLength;

    public void Dispose() => Engine.Dispose();
}
