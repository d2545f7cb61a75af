using Inference.Api.Onnx;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Inference.Api.Tests.Engine;

/// <summary>The shipped model as two chat clients: batched (MaxBatchSize 8) and unbatched (MaxBatchSize 1).</summary>
public sealed class BatchingEnginesFixture : IDisposable
{
    public BatchingEnginesFixture()
    {
        Batched = new InferenceEngine(Options.Create(new ModelOptions { IntraOpThreads = 1, MaxBatchSize = 8 }), new HostingEnvironment { ContentRootPath = TestPaths.RepoRoot });
        Unbatched = new InferenceEngine(Options.Create(new ModelOptions { IntraOpThreads = 1, MaxBatchSize = 1 }), new HostingEnvironment { ContentRootPath = TestPaths.RepoRoot });
        BatchedClient = new OnnxChatClient(Batched);
        UnbatchedClient = new OnnxChatClient(Unbatched);
    }

    internal InferenceEngine Batched { get; }

    internal InferenceEngine Unbatched { get; }

    internal OnnxChatClient BatchedClient { get; }

    internal OnnxChatClient UnbatchedClient { get; }

    public void Dispose()
    {
        Batched.Dispose();
        Unbatched.Dispose();
    }
}
