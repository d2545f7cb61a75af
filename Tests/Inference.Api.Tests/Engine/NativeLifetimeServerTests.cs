using System.Runtime.InteropServices;
using Inference.Api.Onnx.Native;

namespace Inference.Api.Tests.Engine;

/// <summary>Process RSS is shared by every test in the process, so this class runs alone.</summary>
[CollectionDefinition(nameof(NativeLifetimeServerTests), DisableParallelization = true)]
public sealed class NativeLifetimeCollection;

[Collection(nameof(NativeLifetimeServerTests))]
public sealed class NativeLifetimeServerTests
{
    [Fact]
    public void AThousandSessionsAndTensorsCreatedAndDisposedLeaveResidentMemoryFlat()
    {
        var model = TinyOnnxModel.Write(256);
        try
        {
            using var env = NativeMethods.CreateEnv(3, "lifetime-test");
            Cycle(env, model, 100); // warm-up: allocator arenas and JIT settle first
            var before = ResidentBytes();

            Cycle(env, model, 1_000);

            var growth = ResidentBytes() - before;
            Assert.True(growth < 16 * 1024 * 1024, $"resident memory grew by {growth / 1024 / 1024} MB over 1000 session/tensor cycles");
        }
        finally
        {
            File.Delete(model);
        }
    }

    [Fact]
    public void AnOrtErrorBecomesATypedExceptionWithOrtsMessage()
    {
        using var env = NativeMethods.CreateEnv(3, "error-test");
        using var options = NativeMethods.CreateSessionOptions();

        var error = Assert.Throws<OrtException>(() => NativeMethods.CreateSession(env, "/nonexistent/model.onnx", options));

        Assert.Equal("CreateSession", error.Operation);
        Assert.Contains("nonexistent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCpuLibraryReportsItsProviders()
    {
        Assert.Contains("CPUExecutionProvider", NativeMethods.GetAvailableProviders());
    }

    private static void Cycle(OrtEnvHandle env, string model, int count)
    {
        using var memory = NativeMethods.CreateCpuMemoryInfo();
        var names = (In: new NativeNames(["x"]), Out: new NativeNames(["y"]));
        var data = GC.AllocateArray<float>(256, pinned: true);
        for (var i = 0; i < count; i++)
        {
            using var options = NativeMethods.CreateSessionOptions();
            using var session = NativeMethods.CreateSession(env, model, options);
            data[0] = i;
            using var input = NativeMethods.CreateTensor(memory, Marshal.UnsafeAddrOfPinnedArrayElement(data, 0), data.Length * sizeof(float), [256], NativeMethods.ElementFloat);
            var outputs = NativeMethods.Run(session, null, names.In, [input], names.Out);
            using var output = outputs[0];
            Assert.Equal(i, Marshal.PtrToStructure<float>(NativeMethods.GetTensorData(output)));
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
