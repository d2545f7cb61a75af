using System.Runtime.InteropServices;
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
    private const int Cycles = 100;

    // Live allocations (the C library's bytes in use plus the managed heap): one leaked logits tensor per step
    // (vocabulary x 4 bytes, 9 steps a cycle) would add about 29 MB over the cycles, a leaked session far more.
    private const long AllowedLiveGrowthBytes = 4 * 1024 * 1024;

    // Resident memory, which also sees what no allocator counts (mapped weights). It moves by tens of MB as the
    // allocator's arenas grow and shrink (-12 then +18 MB over two runs of cycles beside two CPU hogs), so its bound is
    // wide; a leaked session holds the model's weights (about 20 MB) and would go far past it over 100 cycles.
    private const long AllowedResidentGrowthBytes = 64 * 1024 * 1024;

    [Fact]
    public void SessionsAndTheirStepTensorsCreatedAndDisposedOverAndOverLeaveMemoryFlat()
    {
        var model = ModelFolder.Load(TestPaths.ShippedModel);
        var prompt = model.Tokenizer.Encode("And God said, Let there be light");
        Cycle(model, prompt, 20); // warm-up: JIT and the first allocator arenas
        Cycle(model, prompt, Cycles);
        var (live, resident) = Measure();
        Cycle(model, prompt, Cycles);
        var (liveAfter, residentAfter) = Measure();

        var what = $"over {Cycles} session cycles of a prefill and 8 decode steps: live allocations {(liveAfter - live) / 1024} KB, resident {(residentAfter - resident) / 1024} KB";
        Assert.True(liveAfter - live < AllowedLiveGrowthBytes, "live allocations grew " + what);
        Assert.True(residentAfter - resident < AllowedResidentGrowthBytes, "resident memory grew " + what);
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

    private static (long Live, long Resident) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var malloc = MallInfo2();
        var live = (long)(malloc.InUseBytes + malloc.MappedBytes) + GC.GetTotalMemory(forceFullCollection: false);
        var pages = long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (live, pages * Environment.SystemPageSize);
    }

    // glibc's allocation statistics summed over all its arenas (mallinfo2, glibc 2.33+); fields in declaration order.
    // Test-only: no .NET API or package reports the C library's bytes in use (ONNX Runtime's native allocations), only
    // the managed heap (GC) and the whole process's RSS, which also moves with mapped files and freed-but-kept pages.
    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallocStats MallInfo2();

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallocStats
    {
        public readonly nuint Arena;
        public readonly nuint FreeChunks;
        public readonly nuint FastBins;
        public readonly nuint MappedRegions;
        public readonly nuint MappedBytes;
        public readonly nuint MaxTotalAllocated;
        public readonly nuint FastBinFreeBytes;
        public readonly nuint InUseBytes;
        public readonly nuint FreeBytes;
        public readonly nuint TopReleasable;
    }
}
