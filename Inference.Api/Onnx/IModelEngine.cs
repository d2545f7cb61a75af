using Inference.Api.Models;

namespace Inference.Api.Onnx;

/// <summary>
/// What the host needs from whichever engine serves the model (<see cref="ModelOptions.Engine"/>): the model folder
/// (config, tokenizer, chat template), how it was loaded, and the facts <c>/health/detailed</c> reports.
/// Generation itself only ever goes through the <c>IChatClient</c> built over the engine.
/// </summary>
internal interface IModelEngine
{
    /// <summary><see cref="ModelOptions.OnnxRuntimeEngine"/> or <see cref="ModelOptions.GenAiEngine"/>.</summary>
    string Name { get; }

    ModelOptions Options { get; }

    ModelFolder Model { get; }

    TimeSpan LoadTime { get; }

    /// <summary>The runtime under the engine: library versions and execution providers.</summary>
    Dictionary<string, object?> RuntimeFacts();

    /// <summary>How the engine schedules work (batching, threads) and what it has done so far.</summary>
    Dictionary<string, object?> EngineFacts();
}
