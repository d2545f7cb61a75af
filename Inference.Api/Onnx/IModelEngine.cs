using Inference.Api.Generation;
using Inference.Api.Models;

namespace Inference.Api.Onnx;

/// <summary>
/// What the host needs from whichever engine serves the model (<see cref="ModelOptions.Engine"/>): the model folder
/// (config, tokenizer, chat template), how it was loaded, the facts <c>/health/detailed</c> reports, and the token
/// stream that <see cref="OnnxChatClient"/> (the one chat client, whatever the engine) turns into text.
/// </summary>
internal interface IModelEngine
{
    /// <summary><see cref="ModelOptions.OnnxRuntimeEngine"/> or <see cref="ModelOptions.GenAiEngine"/>.</summary>
    string Name { get; }

    /// <summary>Its <c>gen_ai.provider.name</c>.</summary>
    string ProviderName { get; }

    ModelOptions Options { get; }

    ModelFolder Model { get; }

    TimeSpan LoadTime { get; }

    /// <summary>Generates one sequence from prompt ids; the last token carries the finish reason.</summary>
    IAsyncEnumerable<GeneratedToken> GenerateAsync(int[] prompt, int maxNewTokens, SamplingSettings sampling, CancellationToken cancellationToken);

    /// <summary>The runtime under the engine: library versions and execution providers.</summary>
    Dictionary<string, object?> RuntimeFacts();

    /// <summary>How the engine schedules work (batching, threads) and what it has done so far.</summary>
    Dictionary<string, object?> EngineFacts();
}
