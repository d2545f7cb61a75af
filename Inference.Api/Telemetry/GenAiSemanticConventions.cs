namespace Inference.Api.Telemetry;

/// <summary>
/// Names, units and advised bucket boundaries from the OpenTelemetry GenAI semantic conventions
/// (gen-ai-metrics.md; status Development), plus this service's own instruments.
/// </summary>
internal static class GenAiSemanticConventions
{
    /// <summary>Meter and activity source of the inference service.</summary>
    public const string MeterName = "Inference.Api";

    /// <summary>Our <c>gen_ai.provider.name</c>: the model runs in-process on ONNX Runtime.</summary>
    public const string ProviderName = "onnxruntime";

    public const string ServerRequestDuration = "gen_ai.server.request.duration";
    public const string ServerTimeToFirstToken = "gen_ai.server.time_to_first_token";
    public const string ServerTimePerOutputToken = "gen_ai.server.time_per_output_token";

    public const string AttrOperationName = "gen_ai.operation.name";
    public const string AttrProviderName = "gen_ai.provider.name";
    public const string AttrRequestModel = "gen_ai.request.model";
    public const string AttrResponseModel = "gen_ai.response.model";
    public const string AttrErrorType = "error.type";

    /// <summary><c>gen_ai.server.request.duration</c> and the client duration share these (seconds).</summary>
    public static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary><c>gen_ai.server.time_to_first_token</c> (seconds).</summary>
    public static readonly double[] TimeToFirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];

    /// <summary><c>gen_ai.server.time_per_output_token</c> (seconds).</summary>
    public static readonly double[] TimePerOutputTokenBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];
}
