using Microsoft.ML.OnnxRuntime;

namespace Inference.Api.Onnx;

/// <summary>Appends the configured execution provider; a GPU provider that is absent is an error, never a silent CPU run.</summary>
internal static class ExecutionProviders
{
    public const string CudaProviderName = "CUDAExecutionProvider";

    /// <summary>What the CUDA provider needs at run time (ONNX Runtime 1.32's GPU package is built for CUDA 13).</summary>
    public const string CudaRequirements =
        "libcudart.so.13, libcublas.so.13, libcublasLt.so.13, libcurand.so.10, libcuda.so.1 (the NVIDIA driver) and cuDNN 9";

    public static void Append(Microsoft.ML.OnnxRuntime.SessionOptions sessionOptions, ModelOptions options)
    {
        switch (options.Provider)
        {
            case "cpu":
                return;
            case "cuda":
                var available = OrtEnv.Instance().GetAvailableProviders();
                if (!available.Contains(CudaProviderName))
                {
                    throw new ExecutionProviderUnavailableException(
                        $"Model:Provider is 'cuda' but this build of ONNX Runtime ({OrtEnv.Instance().GetVersionString()}, the CPU package) has no CUDA provider: " +
                        $"it offers only [{string.Join(", ", available)}] and ships no libonnxruntime_providers_cuda.so. " +
                        "Build or publish the GPU flavour with -p:OnnxRuntimeFlavor=gpu (see bench/gpu/README.md), or set Model:Provider=cpu. " +
                        "The service does not fall back to the CPU.");
                }

                var missing = CudaLibraries.Missing();
                if (missing.Count > 0)
                {
                    throw new ExecutionProviderUnavailableException(
                        $"Model:Provider is 'cuda' but {string.Join(", ", missing)} cannot be loaded on this machine: the CUDA execution provider of " +
                        $"ONNX Runtime {OrtEnv.Instance().GetVersionString()} needs {CudaRequirements}. Install them (or put them on LD_LIBRARY_PATH), " +
                        "or set Model:Provider=cpu. The service does not fall back to the CPU.");
                }

                try
                {
                    sessionOptions.AppendExecutionProvider_CUDA(options.DeviceId);
                }
                catch (OnnxRuntimeException e)
                {
                    // ORT's message names the shared library dlopen could not load (e.g. libcudart.so.13).
                    throw new ExecutionProviderUnavailableException(
                        $"Model:Provider is 'cuda' but the CUDA execution provider could not be added for device {options.DeviceId}: " +
                        $"it needs {CudaRequirements}. The service does not fall back to the CPU. ONNX Runtime said: {e.Message}", e);
                }

                return;
            default:
                throw new ExecutionProviderUnavailableException($"Model:Provider '{options.Provider}' is not supported; use 'cpu' or 'cuda'.");
        }
    }
}
