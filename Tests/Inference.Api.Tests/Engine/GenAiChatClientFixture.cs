using Inference.Api.GenAi;
using Inference.Api.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Inference.Api.Tests.Engine;

/// <summary>The ONNX Runtime GenAI chat client over the shipped model.</summary>
public sealed class GenAiChatClientFixture : IEngineChatClientFixture, IDisposable
{
    public GenAiChatClientFixture()
    {
        Engine = new GenAiEngine(Options.Create(new ModelOptions { Engine = ModelOptions.GenAiEngine, IntraOpThreads = 1 }), new HostingEnvironment { ContentRootPath = TestPaths.RepoRoot });
        Client = new GenAiChatClient(Engine);
    }

    internal GenAiEngine Engine { get; }

    public IChatClient Client { get; }

    public int ContextLength => Engine.Model.Config.ContextLength;

    public void Dispose() => Engine.Dispose();
}
