using Inference.Api.Generation;
using Inference.Api.Telemetry;
using Microsoft.Extensions.Options;

namespace Inference.Api.Apis;

/// <summary>What the inference endpoints need, injected as one parameter.</summary>
internal sealed class InferenceEndpointServices(
    GenerationRunner runner, RequestTelemetry telemetry, IOptions<ApiOptions> api, IOptions<PricingOptions> pricing, PrivacyHasher hasher, TimeProvider time, RefusalDetector refusals, IOptions<ContentLogOptions> contentLog)
{
    public GenerationRunner Runner { get; } = runner;
    public RequestTelemetry Telemetry { get; } = telemetry;
    public ApiOptions Api { get; } = api.Value;
    public PricingOptions Pricing { get; } = pricing.Value;
    public PrivacyHasher Hasher { get; } = hasher;
    public TimeProvider Time { get; } = time;
    public RefusalDetector Refusals { get; } = refusals;
    public ContentLogOptions ContentLog { get; } = contentLog.Value;
}
