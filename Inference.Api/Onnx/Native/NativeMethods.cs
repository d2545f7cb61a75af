using System.Runtime.InteropServices;

namespace Inference.Api.Onnx.Native;

/// <summary>
/// The one wall between managed code and the ONNX Runtime C API. Only <c>OrtGetApiBase</c> is an export;
/// everything else is a function pointer read from the <c>OrtApi</c> table by slot (<see cref="OrtApiSlots"/>).
/// Every call that returns <c>OrtStatus*</c> goes through <see cref="Check"/>, which releases the status and
/// throws <see cref="OrtException"/> with ORT's message. No raw pointer leaves this folder.
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>File name of the CPU library shipped by onnxruntime-node; the build copies it next to our assembly.</summary>
    public const string LibraryName = "libonnxruntime.so.1";

    /// <summary>The oldest C API version with every function this wall uses (CUDA V2 options arrived in 1.11..1.13).</summary>
    public const uint MinimumApiVersion = 16;

    private static readonly Lazy<nint> s_api = new(LoadApi);

    /// <summary>C: <c>const OrtApiBase* OrtGetApiBase(void)</c>; static inside the library, never freed.</summary>
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

    /// <summary>The C API version in use (the library's own, e.g. 30 for 1.30).</summary>
    public static uint ApiVersion { get; private set; }

    /// <summary>The ONNX Runtime version string, e.g. <c>1.30.0</c>.</summary>
    public static string GetVersionString() => Marshal.PtrToStringUTF8((nint)OrtGetApiBase()->GetVersionString()) ?? string.Empty;

    /// <summary>Whether the library offers the C API at <paramref name="version"/> (ORT_API_VERSION).</summary>
    public static bool SupportsApiVersion(uint version) => OrtGetApiBase()->GetApi(version) != 0;

    /// <summary>The function at <paramref name="slot"/> of the OrtApi table.</summary>
    internal static nint Function(int slot) => ((nint*)s_api.Value)[slot];

    /// <summary>Throws <see cref="OrtException"/> for a non-null status, after reading and releasing it.</summary>
    internal static void Check(nint status, string operation)
    {
        if (status == 0)
        {
            return;
        }

        var code = ((delegate* unmanaged[Cdecl]<nint, int>)Function(OrtApiSlots.GetErrorCode))(status);
        var message = Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<nint, nint>)Function(OrtApiSlots.GetErrorMessage))(status)) ?? "(no message)";
        ((delegate* unmanaged[Cdecl]<nint, void>)Function(OrtApiSlots.ReleaseStatus))(status);
        throw new OrtException(code, operation, message);
    }

    /// <summary>Calls a <c>void ReleaseX(X*)</c> function.</summary>
    internal static void Release(int slot, nint pointer) => ((delegate* unmanaged[Cdecl]<nint, void>)Function(slot))(pointer);

    // The library's own API version (minor of "1.30.0"), falling back to older ones down to the minimum we need.
    private static nint LoadApi()
    {
        var apiBase = OrtGetApiBase();
        var version = GetVersionString().Split('.');
        var newest = version.Length > 1 && uint.TryParse(version[1], out var minor) ? minor : MinimumApiVersion;
        for (var v = newest; v >= MinimumApiVersion; v--)
        {
            var api = apiBase->GetApi(v);
            if (api != 0)
            {
                ApiVersion = v;
                return api;
            }
        }

        throw new OrtException($"ONNX Runtime {GetVersionString()} offers no C API version between {MinimumApiVersion} and {newest}.");
    }
}
