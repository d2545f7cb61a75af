using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Api.Onnx;

/// <summary>
/// The process-wide ONNX Runtime environment (<see cref="OrtEnv"/>), created once before the first session with the
/// libraries' usage telemetry off unless <see cref="ModelOptions.RuntimeTelemetry"/> turns it on.
/// </summary>
internal static partial class OnnxRuntimeEnvironment
{
    /// <summary>
    /// ONNX Runtime 1.32's own opt-out (read with getenv in its POSIX telemetry initialisation, found in the
    /// library's strings next to the cache path). Without it the first environment writes <c>deviceid</c> and
    /// <c>onnxruntime.db</c> under <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime/</c>.
    /// </summary>
    public const string TelemetryOptOutVariable = "ORT_DISABLE_TELEMETRY";

    private static readonly Lock s_lock = new();

    /// <summary>Creates the environment on first use; later calls (other sessions) find it made.</summary>
    public static OrtEnv Initialize(ModelOptions options)
    {
        lock (s_lock)
        {
            if (OrtEnv.IsCreated)
            {
                return OrtEnv.Instance();
            }

            ApplyTelemetrySetting(options.RuntimeTelemetry);

            var creation = new EnvironmentCreationOptions { logId = "inference-api", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
            return OrtEnv.CreateInstanceWithOptions(ref creation);
        }
    }

    /// <summary>
    /// Unless <paramref name="enabled"/>, switches the usage telemetry of ONNX Runtime and ONNX Runtime GenAI off (both
    /// read the same variable while their environment starts); call before either library creates one.
    /// </summary>
    public static void ApplyTelemetrySetting(bool enabled)
    {
        if (enabled)
        {
            return;
        }

        // OrtEnv.DisableTelemetryEvents (and GenAI's Utils.DisableTelemetryEvents) come too late: the files are written
        // while the environment starts. Environment.SetEnvironmentVariable only changes .NET's copy of the environment
        // on Linux, so the switch goes to the C runtime's environment, where the native libraries read it. An
        // operator's own value is kept (overwrite 0).
        if (SetNativeEnvironmentVariable(TelemetryOptOutVariable, "1", overwrite: 0) != 0)
        {
            throw new InvalidOperationException($"Could not set {TelemetryOptOutVariable} for ONNX Runtime (setenv failed, errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetNativeEnvironmentVariable(string name, string value, int overwrite);
}
