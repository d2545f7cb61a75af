namespace Inference.Api.Onnx.Native;

/// <summary>An ONNX Runtime call failed: its error code and its own message.</summary>
public sealed class OrtException : Exception
{
    /// <summary>Creates the exception from ORT's status.</summary>
    public OrtException(int errorCode, string operation, string message)
        : base($"ONNX Runtime {operation} failed ({CodeName(errorCode)}): {message}")
    {
        ErrorCode = errorCode;
        Operation = operation;
    }

    /// <summary>Creates the exception.</summary>
    public OrtException() => Operation = string.Empty;

    /// <summary>Creates the exception.</summary>
    public OrtException(string message) : base(message) => Operation = string.Empty;

    /// <summary>Creates the exception.</summary>
    public OrtException(string message, Exception innerException) : base(message, innerException) => Operation = string.Empty;

    /// <summary>ORT's <c>OrtErrorCode</c>.</summary>
    public int ErrorCode { get; }

    /// <summary>The C API function that failed.</summary>
    public string Operation { get; }

    // OrtErrorCode values from onnxruntime_c_api.h.
    private static string CodeName(int code) => code switch
    {
        1 => "ORT_FAIL",
        2 => "ORT_INVALID_ARGUMENT",
        3 => "ORT_NO_SUCHFILE",
        4 => "ORT_NO_MODEL",
        5 => "ORT_ENGINE_ERROR",
        6 => "ORT_RUNTIME_EXCEPTION",
        7 => "ORT_INVALID_PROTOBUF",
        8 => "ORT_MODEL_LOADED",
        9 => "ORT_NOT_IMPLEMENTED",
        10 => "ORT_INVALID_GRAPH",
        11 => "ORT_EP_FAIL",
        _ => "code " + code,
    };
}
