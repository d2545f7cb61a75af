using System.Runtime.InteropServices;

namespace Inference.Api.Onnx;

/// <summary>
/// The shared libraries ONNX Runtime's CUDA provider loads. When one is absent, ORT's own error says only "Failed to
/// load shared library" (the name goes to its log), so they are probed here first to say which.
/// </summary>
internal static class CudaLibraries
{
    /// <summary>
    /// In the order a reader should install them: the NEEDED entries of libonnxruntime_providers_cuda.so 1.32.0
    /// (readelf -d), then cuDNN, which the provider opens at run time.
    /// </summary>
    public static readonly string[] Required =
        ["libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcuda.so.1", "libcudnn.so.9"];

    /// <summary>The required libraries the dynamic loader cannot find (empty when all load).</summary>
    public static List<string> Missing()
    {
        var missing = new List<string>();
        foreach (var name in Required)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                NativeLibrary.Free(handle);
            }
            else
            {
                missing.Add(name);
            }
        }

        return missing;
    }
}
