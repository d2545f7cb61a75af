using Inference.Api.Generation;
using Inference.Api.Models;
using Microsoft.Extensions.Options;

namespace Inference.Api.Onnx;

/// <summary>The loaded model: its folder (config, tokenizer, template) and the ONNX Runtime session that runs it.</summary>
internal sealed class InferenceEngine : IDisposable
{
    public InferenceEngine(IOptions<ModelOptions> options, IHostEnvironment environment)
    {
        Options = options.Value;
        var path = ModelLocator.Resolve(Options.Path, environment.ContentRootPath);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Model = ModelFolder.Load(path);
        Session = new DecoderSession(Model, Options);
        Generator = new TokenGenerator(Session);
        LoadTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    public ModelOptions Options { get; }
    public ModelFolder Model { get; }
    public DecoderSession Session { get; }
    public TokenGenerator Generator { get; }
    public TimeSpan LoadTime { get; }

    public void Dispose() => Session.Dispose();
}
