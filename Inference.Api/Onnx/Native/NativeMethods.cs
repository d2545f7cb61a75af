using System.Runtime.InteropServices;

namespace Inference.Api.Onnx.Native;

/// <summary>
/// The one wall between managed code and the ONNX Runtime C API. Only <c>OrtGetApiBase</c> is an export;
/// everything else is a function pointer read from the <c>OrtApi</c> table it hands out
/// (slot order: ../shared/reference/onnxruntime-c-api-slots.txt).
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>File name of the CPU library shipped by onnxruntime-node; the build copies it next to our assembly.</summary>
    public const string LibraryName = "libonnxruntime.so.1";

    /// <summary>
    /// C: <c>const OrtApiBase* OrtGetApiBase(void)</c>. The returned struct is static inside the library:
    /// never freed, valid for the life of the process.
    /// </summary>
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    public static partial OrtApiBase* OrtGetApiBase();

    /// <summary>C: <c>struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OrtApiBase
    {
        /// <summary>C: <c>const OrtApi* GetApi(uint32_t version)</c>; null when the library does not offer that version.</summary>
        public delegate* unmanaged[Cdecl]<uint, nint> GetApi;

        /// <summary>C: <c>const char* GetVersionString(void)</c>; static string owned by the library.</summary>
        public delegate* unmanaged[Cdecl]<byte*> GetVersionString;
    }

    /// <summary>The ONNX Runtime version string, e.g. <c>1.30.0</c>.</summary>
    public static string GetVersionString()
    {
        var apiBase = OrtGetApiBase();
        return Marshal.PtrToStringUTF8((nint)apiBase->GetVersionString()) ?? string.Empty;
    }

    /// <summary>Whether the library offers the C API at <paramref name="version"/> (ORT_API_VERSION).</summary>
    public static bool SupportsApiVersion(uint version) => OrtGetApiBase()->GetApi(version) != 0;
}
