using System.Globalization;
using Inference.Api.Generation;
using Inference.Api.Models;
using Inference.Api.Onnx;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Inference.Api.GenAi;

/// <summary>
/// The model on ONNX Runtime GenAI (<see cref="ModelOptions.Engine"/> = <c>genai</c>): GenAI's <see cref="Model"/>
/// loaded from the same folder, next to our <see cref="ModelFolder"/> for the tokenizer and chat template (so prompts,
/// budgets and usage are the same as with our engine). GenAI has no continuous batching in its C# API: every request
/// runs its own <see cref="Generator"/>. Owns every GenAI handle; nothing native leaves <c>GenAi/</c>.
/// GenAI finds ONNX Runtime by its soname (libonnxruntime.so.1): in a process where our engine's library of that name
/// (ORT 1.30 from onnxruntime-node) is already loaded, GenAI binds to it and falls back to API 30. A service process
/// builds one engine only; tests and the in-process benchmark that load both see this.
/// </summary>
internal sealed class GenAiEngine : IModelEngine, IDisposable
{
    /// <summary>The package that would bring libonnxruntime-genai-cuda.so; this build ships only the CPU one.</summary>
    public const string CudaPackage = "Microsoft.ML.OnnxRuntimeGenAI.Cuda";

    /// <summary>The package version from the application's dependency manifest (the managed assembly carries 0.0.0.0).</summary>
    private static readonly string s_version = PackageVersion("Microsoft.ML.OnnxRuntimeGenAI");

    public GenAiEngine(IOptions<ModelOptions> options, IHostEnvironment environment)
    {
        Options = options.Value;
        var path = ModelLocator.Resolve(Options.Path, environment.ContentRootPath);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Model = ModelFolder.Load(path);
        // Before GenAI (and the ONNX Runtime it loads) starts: their usage telemetry stays off unless a setting turns it on.
        OnnxRuntimeEnvironment.ApplyTelemetrySetting(Options.RuntimeTelemetry);

        using var config = new Config(path);
        ConfigureSession(config, Options);
        GenAiModel = CreateModel(config, Options);
        LoadTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    public string Name => ModelOptions.GenAiEngine;

    public string ProviderName => "onnxruntime-genai";

    public ModelOptions Options { get; }

    public ModelFolder Model { get; }

    /// <summary>GenAI's model; shared by the per-request generators.</summary>
    public Model GenAiModel { get; }

    public TimeSpan LoadTime { get; }

    /// <summary>
    /// Runs synchronously on the consumer's thread, as our unbatched loop does (the chat client moves off the
    /// caller's thread first).
    /// </summary>
    public IAsyncEnumerable<GeneratedToken> GenerateAsync(int[] prompt, int maxNewTokens, SamplingSettings sampling, CancellationToken cancellationToken) =>
        new SynchronousTokens(GenAiTokenGenerator.Generate(this, prompt, maxNewTokens, sampling, cancellationToken));

    public Dictionary<string, object?> RuntimeFacts() => new()
    {
        ["onnxRuntimeGenAI"] = s_version,
        ["executionProvider"] = Options.Provider,
    };

    public Dictionary<string, object?> EngineFacts() => new()
    {
        ["name"] = Name,
        ["batching"] = false,
        ["maxBatchSize"] = 1,
        ["intraOpThreads"] = Options.IntraOpThreads,
    };

    public void Dispose() => GenAiModel.Dispose();

    private static string PackageVersion(string package)
    {
        var deps = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';')[0];
        if (deps is null || !File.Exists(deps))
        {
            return "unknown";
        }

        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(deps));
        var prefix = package + "/";
        foreach (var library in manifest.RootElement.GetProperty("libraries").EnumerateObject())
        {
            if (library.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return library.Name[prefix.Length..];
            }
        }

        return "unknown";
    }

    private static void ConfigureSession(Config config, ModelOptions options)
    {
        if (options.IntraOpThreads > 0)
        {
            var threads = options.IntraOpThreads.ToString(CultureInfo.InvariantCulture);
            config.Overlay("""{"model":{"decoder":{"session_options":{"intra_op_num_threads":""" + threads + ""","inter_op_num_threads":1}}}}""");
        }

        config.ClearProviders();
        switch (options.Provider.ToLowerInvariant())
        {
            case "cpu":
                return;
            case "cuda":
                config.AppendProvider("cuda");
                config.SetProviderOption("cuda", "device_id", options.DeviceId.ToString(CultureInfo.InvariantCulture));
                return;
            default:
                throw new ExecutionProviderUnavailableException($"Model:Provider '{options.Provider}' is not supported; use 'cpu' or 'cuda'.");
        }
    }

    private static Model CreateModel(Config config, ModelOptions options)
    {
        try
        {
            return new Model(config);
        }
        catch (OnnxRuntimeGenAIException e) when (options.Provider.Equals("cuda", StringComparison.OrdinalIgnoreCase))
        {
            throw new ExecutionProviderUnavailableException(
                $"Model:Engine is 'genai' with Model:Provider 'cuda', but this build carries the CPU build of ONNX Runtime GenAI {s_version}: " +
                $"libonnxruntime-genai-cuda.so comes with the {CudaPackage} package, which is not part of this build. " +
                "Use Model:Engine=onnxruntime for CUDA, or Model:Provider=cpu. The service does not fall back to the CPU. " +
                $"ONNX Runtime GenAI said: {e.Message}", e);
        }
    }
}
