using System.Runtime.InteropServices;

namespace Inference.Api.Onnx;

/// <summary>
/// Usage telemetry of the ONNX Runtime libraries (ORT 1.32 and ORT GenAI write <c>deviceid</c>, <c>onnxruntime.db</c>
/// and <c>onnxruntime-genai.db</c> under ~/.cache/Microsoft/DeveloperTools/.onnxruntime/). Both libraries read
/// <c>ORT_DISABLE_TELEMETRY</c> from the process environment when they start; GenAI's own API switch
/// (<c>Utils.DisableTelemetryEvents</c>) comes too late for that and was seen to leave all three files.
/// </summary>
internal static partial class RuntimeTelemetry
{
    /// <summary>The environment variable both libraries read.</summary>
    public const string DisableVariable = "ORT_DISABLE_TELEMETRY";

    /// <summary>
    /// Unless <paramref name="enabled"/>, switches the libraries' telemetry off; call before the first model is
    /// created. The native environment is written (setenv), since <see cref="Environment.SetEnvironmentVariable(string, string)"/>
    /// only changes .NET's copy on Unix. Called while the host starts, before request threads exist.
    /// </summary>
    public static void Apply(bool enabled)
    {
        if (enabled)
        {
            return;
        }

        Environment.SetEnvironmentVariable(DisableVariable, "1");
        if (!OperatingSystem.IsWindows() && SetEnv(DisableVariable, "1", 1) != 0)
        {
            throw new InvalidOperationException($"setenv({DisableVariable}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
