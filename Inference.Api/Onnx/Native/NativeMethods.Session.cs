using System.Runtime.InteropServices;
using System.Text;

namespace Inference.Api.Onnx.Native;

/// <summary>Environment, session options, sessions and their metadata.</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>C: <c>OrtStatus* CreateEnv(OrtLoggingLevel, const char* logid, OrtEnv** out)</c>; caller owns the env.</summary>
    public static OrtEnvHandle CreateEnv(int loggingLevel, string logId)
    {
        var handle = new OrtEnvHandle();
        fixed (byte* id = Utf8(logId))
        {
            nint env;
            Check(((delegate* unmanaged[Cdecl]<int, byte*, nint*, nint>)Function(OrtApiSlots.CreateEnv))(loggingLevel, id, &env), "CreateEnv");
            handle.Attach(env);
        }

        return handle;
    }

    /// <summary>C: <c>OrtStatus* CreateSessionOptions(OrtSessionOptions** out)</c>; caller owns the options.</summary>
    public static OrtSessionOptionsHandle CreateSessionOptions()
    {
        var handle = new OrtSessionOptionsHandle();
        nint options;
        Check(((delegate* unmanaged[Cdecl]<nint*, nint>)Function(OrtApiSlots.CreateSessionOptions))(&options), "CreateSessionOptions");
        handle.Attach(options);
        return handle;
    }

    /// <summary>C: <c>SetIntraOpNumThreads(OrtSessionOptions*, int)</c> / <c>SetInterOpNumThreads</c>.</summary>
    public static void SetThreads(OrtSessionOptionsHandle options, int intraOp, int interOp)
    {
        Check(((delegate* unmanaged[Cdecl]<nint, int, nint>)Function(OrtApiSlots.SetIntraOpNumThreads))(options.Pointer, intraOp), "SetIntraOpNumThreads");
        Check(((delegate* unmanaged[Cdecl]<nint, int, nint>)Function(OrtApiSlots.SetInterOpNumThreads))(options.Pointer, interOp), "SetInterOpNumThreads");
        GC.KeepAlive(options);
    }

    /// <summary>C: <c>SetSessionGraphOptimizationLevel(OrtSessionOptions*, GraphOptimizationLevel)</c> (0, 1, 2, 99).</summary>
    public static void SetGraphOptimizationLevel(OrtSessionOptionsHandle options, int level)
    {
        Check(((delegate* unmanaged[Cdecl]<nint, int, nint>)Function(OrtApiSlots.SetSessionGraphOptimizationLevel))(options.Pointer, level), "SetSessionGraphOptimizationLevel");
        GC.KeepAlive(options);
    }

    /// <summary>C: <c>AddSessionConfigEntry(OrtSessionOptions*, const char* key, const char* value)</c>; ORT copies both.</summary>
    public static void AddSessionConfigEntry(OrtSessionOptionsHandle options, string key, string value)
    {
        fixed (byte* k = Utf8(key), v = Utf8(value))
        {
            Check(((delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint>)Function(OrtApiSlots.AddSessionConfigEntry))(options.Pointer, k, v), "AddSessionConfigEntry");
        }

        GC.KeepAlive(options);
    }

    /// <summary>C: <c>CreateSession(const OrtEnv*, const char* path, const OrtSessionOptions*, OrtSession** out)</c>; caller owns the session.</summary>
    public static OrtSessionHandle CreateSession(OrtEnvHandle env, string modelPath, OrtSessionOptionsHandle options)
    {
        var handle = new OrtSessionHandle();
        fixed (byte* path = Utf8(modelPath))
        {
            nint session;
            Check(((delegate* unmanaged[Cdecl]<nint, byte*, nint, nint*, nint>)Function(OrtApiSlots.CreateSession))(env.Pointer, path, options.Pointer, &session), "CreateSession");
            handle.Attach(session);
        }

        GC.KeepAlive(env);
        GC.KeepAlive(options);
        return handle;
    }

    /// <summary>Input (or output) names, element types and shapes (-1 for symbolic dimensions) of a session.</summary>
    public static TensorMetadata[] GetSessionTensors(OrtSessionHandle session, bool inputs)
    {
        nuint count;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)Function(inputs ? OrtApiSlots.SessionGetInputCount : OrtApiSlots.SessionGetOutputCount))(session.Pointer, &count), "SessionGetCount");
        nint allocator;
        Check(((delegate* unmanaged[Cdecl]<nint*, nint>)Function(OrtApiSlots.GetAllocatorWithDefaultOptions))(&allocator), "GetAllocatorWithDefaultOptions");
        var result = new TensorMetadata[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            // The name is allocated with the default allocator: we free it with AllocatorFree.
            nint name;
            Check(((delegate* unmanaged[Cdecl]<nint, nuint, nint, nint*, nint>)Function(inputs ? OrtApiSlots.SessionGetInputName : OrtApiSlots.SessionGetOutputName))(session.Pointer, i, allocator, &name), "SessionGetName");
            var text = Marshal.PtrToStringUTF8(name)!;
            Check(((delegate* unmanaged[Cdecl]<nint, nint, nint>)Function(OrtApiSlots.AllocatorFree))(allocator, name), "AllocatorFree");
            // The type info is ours to release; the tensor info cast from it is borrowed.
            nint typeInfo;
            Check(((delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)Function(inputs ? OrtApiSlots.SessionGetInputTypeInfo : OrtApiSlots.SessionGetOutputTypeInfo))(session.Pointer, i, &typeInfo), "SessionGetTypeInfo");
            try
            {
                nint tensorInfo;
                Check(((delegate* unmanaged[Cdecl]<nint, nint*, nint>)Function(OrtApiSlots.CastTypeInfoToTensorInfo))(typeInfo, &tensorInfo), "CastTypeInfoToTensorInfo");
                result[i] = tensorInfo == 0 ? new TensorMetadata(text, 0, []) : new TensorMetadata(text, ElementType(tensorInfo), Dimensions(tensorInfo));
            }
            finally
            {
                Release(OrtApiSlots.ReleaseTypeInfo, typeInfo);
            }
        }

        GC.KeepAlive(session);
        return result;
    }

    /// <summary>C: <c>GetAvailableProviders(char*** out, int* length)</c>; the list is released with ReleaseAvailableProviders.</summary>
    public static string[] GetAvailableProviders()
    {
        nint* list;
        int length;
        Check(((delegate* unmanaged[Cdecl]<nint**, int*, nint>)Function(OrtApiSlots.GetAvailableProviders))(&list, &length), "GetAvailableProviders");
        var providers = new string[length];
        for (var i = 0; i < length; i++)
        {
            providers[i] = Marshal.PtrToStringUTF8(list[i])!;
        }

        Check(((delegate* unmanaged[Cdecl]<nint*, int, nint>)Function(OrtApiSlots.ReleaseAvailableProviders))(list, length), "ReleaseAvailableProviders");
        return providers;
    }

    /// <summary>
    /// Appends the CUDA execution provider with V2 options (device_id and any others given). ORT reports a missing
    /// provider library (libonnxruntime_providers_cuda.so) or CUDA runtime as an error status, surfaced here.
    /// </summary>
    public static void AppendCudaProvider(OrtSessionOptionsHandle options, IReadOnlyDictionary<string, string> providerOptions)
    {
        nint cuda;
        Check(((delegate* unmanaged[Cdecl]<nint*, nint>)Function(OrtApiSlots.CreateCUDAProviderOptions))(&cuda), "CreateCUDAProviderOptions");
        try
        {
            var keys = providerOptions.Keys.Select(Utf8).ToArray();
            var values = providerOptions.Values.Select(Utf8).ToArray();
            var handles = keys.Concat(values).Select(b => GCHandle.Alloc(b, GCHandleType.Pinned)).ToArray();
            try
            {
                var keyPointers = stackalloc nint[keys.Length];
                var valuePointers = stackalloc nint[values.Length];
                for (var i = 0; i < keys.Length; i++)
                {
                    keyPointers[i] = handles[i].AddrOfPinnedObject();
                    valuePointers[i] = handles[keys.Length + i].AddrOfPinnedObject();
                }

                Check(((delegate* unmanaged[Cdecl]<nint, nint*, nint*, nuint, nint>)Function(OrtApiSlots.UpdateCUDAProviderOptions))(cuda, keyPointers, valuePointers, (nuint)keys.Length), "UpdateCUDAProviderOptions");
            }
            finally
            {
                foreach (var h in handles)
                {
                    h.Free();
                }
            }

            Check(((delegate* unmanaged[Cdecl]<nint, nint, nint>)Function(OrtApiSlots.SessionOptionsAppendExecutionProvider_CUDA_V2))(options.Pointer, cuda), "SessionOptionsAppendExecutionProvider_CUDA_V2");
        }
        finally
        {
            Release(OrtApiSlots.ReleaseCUDAProviderOptions, cuda);
            GC.KeepAlive(options);
        }
    }

    private static int ElementType(nint tensorInfo)
    {
        int type;
        Check(((delegate* unmanaged[Cdecl]<nint, int*, nint>)Function(OrtApiSlots.GetTensorElementType))(tensorInfo, &type), "GetTensorElementType");
        return type;
    }

    private static long[] Dimensions(nint tensorInfo)
    {
        nuint count;
        Check(((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)Function(OrtApiSlots.GetDimensionsCount))(tensorInfo, &count), "GetDimensionsCount");
        var dims = new long[(int)count];
        fixed (long* d = dims)
        {
            Check(((delegate* unmanaged[Cdecl]<nint, long*, nuint, nint>)Function(OrtApiSlots.GetDimensions))(tensorInfo, d, count), "GetDimensions");
        }

        return dims;
    }

    /// <summary>A null-terminated UTF-8 copy of <paramref name="text"/>.</summary>
    private static byte[] Utf8(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}

/// <summary>A session input or output: name, ONNX element type and shape (-1 for a symbolic dimension).</summary>
internal sealed record TensorMetadata(string Name, int ElementType, long[] Shape);
