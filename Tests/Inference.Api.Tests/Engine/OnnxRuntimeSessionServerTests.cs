using Inference.Api.Generation;
using Inference.Api.Models;
using Inference.Api.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Api.Tests.Engine;

/// <summary>Process RSS is shared by every test in the process, so this class runs alone.</summary>
[CollectionDefinition(nameof(OnnxRuntimeSessionServerTests), DisableParallelization = true)]
public sealed class OnnxRuntimeSessionCollection;

[Collection(nameof(OnnxRuntimeSessionServerTests))]
public sealed class OnnxRuntimeSessionServerTests
{
    private const int Cycles = 150;
    private const long AllowedGrowthBytes = 16 * 1024 * 1024;

    [Fact]
    public void SessionsAndTheirStepTensorsCreatedAndDisposedOverAndOverLeaveResidentMemoryFlat()
    {
        var model = ModelFolder.Load(TestPaths.ShippedModel);
        var prompt = model.Tokenizer.Encode("And God said, Let there be light");
        Cycle(model, prompt, 20); // warm-up: allocator arenas and JIT settle first
        var before = ResidentBytes();

        Cycle(model, prompt, Cycles);

        var growth = ResidentBytes() - before;
        Assert.True(growth < AllowedGrowthBytes, $"resident memory grew by {growth / 1024 / 1024} MB over {Cycles} session cycles of a prefill and 8 decode steps");
    }

    [Fact]
    public void ARunOnnxRuntimeRejectsBecomesAnOnnxRuntimeExceptionWithItsReasonAndTheSessionStaysUsable()
    {
        var model = ModelFolder.Load(TestPaths.ShippedModel);
        using var session = new DecoderSession(model, new ModelOptions { IntraOpThreads = 1 });
        long[] outOfVocabulary = [model.Config.VocabSize + 1000];

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(outOfVocabulary, new long[] { 1 }, new long[] { 0 }, 1, 1, null, null));

        Assert.Contains("out of", error.Message, StringComparison.OrdinalIgnoreCase);
        using var fine = session.Run(new long[] { 1 }, new long[] { 1 }, new long[] { 0 }, 1, 1, null, null);
        foreach (var present in fine.Presents)
        {
            present.Dispose();
        }
    }

    private static void Cycle(ModelFolder model, int[] prompt, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var session = new DecoderSession(model, new ModelOptions { IntraOpThreads = 1 });
            var tokens = new TokenGenerator(session).Generate(prompt, 8, SamplingSettings.Greedy, CancellationToken.None).Count();
            Assert.True(tokens > 0);
        }
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var pages = long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return pages * Environment.SystemPageSize;
    }
}
