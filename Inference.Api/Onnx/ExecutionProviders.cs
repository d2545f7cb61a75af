using System.Globalization;
using Inference.Api.Onnx.Native;

namespace Inference.Api.Onnx;

/// <summary>Appends the configured execution provider; a GPU provider that is absent is an error, never a silent CPU run.</summary>
internal static class ExecutionProviders
{
    public const string CudaProviderName = "CUDAExecutionProvider";

    public static void Append(OrtSessionOptionsHandle sessionOptions, ModelOptions options)
    {
        switch (options.ExecutionProvider.ToLowerInvariant())
        {
            case "cpu":
                return;
            case "cuda":
                var available = NativeMethods.GetAvailableProviders();
                if (!available.Contains(CudaProviderName))
                {
                    throw new ExecutionProviderUnavailableException(
                        $"Model:ExecutionProvider is 'cuda' but this ONNX Runtime ({NativeMethods.GetVersionString()}) offers only [{string.Join(", ", available)}]: " +
                        "libonnxruntime_providers_cuda.so and libonnxruntime_providers_shared.so (the GPU build of ONNX Runtime) are missing, " +
                        "as are CUDA 12 and cuDNN 9 on this machine. Install them, or set Model:ExecutionProvider=cpu. The service does not fall back to the CPU.");
                }

                try
                {
                    NativeMethods.AppendCudaProvider(sessionOptions, new Dictionary<string, string>
                    {
                        ["device_id"] = options.DeviceId.ToString(CultureInfo.InvariantCulture),
                    });
                }
                catch (OrtException e)
                {
                    throw new ExecutionProviderUnavailableException(
                        $"Model:ExecutionProvider is 'cuda' but the CUDA execution provider could not be added for device {options.DeviceId}: " +
                        "the GPU build's libonnxruntime_providers_cuda.so and libonnxruntime_providers_shared.so must sit next to libonnxruntime.so.1, " +
                        $"with CUDA 12 and cuDNN 9 installed. The service does not fall back to the CPU. ONNX Runtime said: {e.Message}", e);
                }

                return;
            default:
                throw new ExecutionProviderUnavailableException($"Model:ExecutionProvider '{options.ExecutionProvider}' is not supported; use 'cpu' or 'cuda'.");
        }
    }
}
