using System.Runtime.InteropServices;

namespace Inference.Api.Onnx.Native;

/// <summary>Base of the handles: owns one native object and releases it with its Release function.</summary>
internal abstract class OrtHandle(int releaseSlot) : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The raw pointer, for calls inside the interop wall only (callers keep the handle alive).</summary>
    internal nint Pointer => handle;

    /// <summary>Takes ownership of a pointer just returned by a Create function.</summary>
    internal void Attach(nint pointer) => SetHandle(pointer);

    protected override bool ReleaseHandle()
    {
        NativeMethods.Release(releaseSlot, handle);
        return true;
    }
}

/// <summary><c>OrtEnv*</c>, released with ReleaseEnv.</summary>
internal sealed class OrtEnvHandle() : OrtHandle(OrtApiSlots.ReleaseEnv);

/// <summary><c>OrtSessionOptions*</c>, released with ReleaseSessionOptions.</summary>
internal sealed class OrtSessionOptionsHandle() : OrtHandle(OrtApiSlots.ReleaseSessionOptions);

/// <summary><c>OrtSession*</c>, released with ReleaseSession.</summary>
internal sealed class OrtSessionHandle() : OrtHandle(OrtApiSlots.ReleaseSession);

/// <summary><c>OrtValue*</c>, released with ReleaseValue.</summary>
internal sealed class OrtValueHandle() : OrtHandle(OrtApiSlots.ReleaseValue);

/// <summary><c>OrtRunOptions*</c>, released with ReleaseRunOptions.</summary>
internal sealed class OrtRunOptionsHandle() : OrtHandle(OrtApiSlots.ReleaseRunOptions);

/// <summary><c>OrtMemoryInfo*</c>, released with ReleaseMemoryInfo.</summary>
internal sealed class OrtMemoryInfoHandle() : OrtHandle(OrtApiSlots.ReleaseMemoryInfo);
