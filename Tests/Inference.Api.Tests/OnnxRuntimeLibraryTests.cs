using Microsoft.ML.OnnxRuntime;

namespace Inference.Api.Tests;

public sealed class OnnxRuntimeLibraryTests
{
    [Fact]
    public void TheNativeLibraryComesFromTheOnnxRuntime132Package()
    {
        var library = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime.so");
        Assert.True(File.Exists(library), "the package's library must be in the output: " + library);

        Assert.StartsWith("1.32.", OrtEnv.Instance().GetVersionString(), StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", OrtEnv.Instance().GetAvailableProviders());
    }
}
