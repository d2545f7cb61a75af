using Inference.Api.Onnx.Native;

namespace Inference.Api.Tests;

public sealed class OnnxRuntimeLibraryTests
{
    [Fact]
    public void NativeLibraryFromTheBuildReportsOnnxRuntime130()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, NativeMethods.LibraryName)), "the build must copy the library to the output");

        var version = NativeMethods.GetVersionString();

        Assert.StartsWith("1.30.", version, StringComparison.Ordinal);
    }

    [Fact]
    public void NativeLibraryOffersCApiVersion30ButNothingNewer()
    {
        Assert.True(NativeMethods.SupportsApiVersion(30));
        Assert.False(NativeMethods.SupportsApiVersion(31));
    }
}
