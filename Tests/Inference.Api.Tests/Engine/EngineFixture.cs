using Inference.Api.Models;
using Inference.Api.Onnx;

namespace Inference.Api.Tests.Engine;

/// <summary>The shipped model loaded once for a test class.</summary>
public sealed class EngineFixture : IDisposable
{
    public EngineFixture()
    {
        Model = ModelFolder.Load(TestPaths.ShippedModel);
        Session = new DecoderSession(Model, new ModelOptions { IntraOpThreads = 1 });
    }

    internal ModelFolder Model { get; }

    internal DecoderSession Session { get; }

    public void Dispose() => Session.Dispose();
}
