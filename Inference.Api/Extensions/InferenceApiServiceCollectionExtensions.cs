using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Security.Cryptography;
using System.Text;
using Inference.Api.Admission;
using Inference.Api.Apis;
using Inference.Api.Generation;
using Inference.Api.Security;
using Inference.Api.Telemetry;
using Inference.Api.Telemetry.Events;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the public API's services: limits, admission, telemetry and event publishing.</summary>
public static class InferenceApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds everything the endpoints need except the model's <c>IChatClient</c>; events go to the cache queue unless
    /// another <c>IEventSink</c> is registered first.
    /// </summary>
    public static IHostApplicationBuilder AddInferenceApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // First among the problem writers: framework-raised errors on /v1 become OpenAI error objects.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, Inference.Api.Errors.OpenAiProblemWriter>());
        services.AddOptions<ApiOptions>().BindConfiguration("Api")
            .Validate(o => o.MaxRequestBytes > 0 && o.DefaultMaxTokens > 0 && o.DefaultMaxTokens <= o.MaxTokensLimit, "Api limits must be positive and DefaultMaxTokens <= MaxTokensLimit.")
            .ValidateOnStart();
        services.AddOptions<AdmissionOptions>().BindConfiguration("Admission")
            .Validate(o => o.MaxConcurrent >= 1 && o.MaxQueued >= 0, "Admission:MaxConcurrent must be >= 1 and MaxQueued >= 0.")
            .ValidateOnStart();
        services.AddOptions<PricingOptions>().BindConfiguration("Pricing");
        services.AddOptions<QualityOptions>().BindConfiguration("Quality");
        services.AddSingleton<RefusalDetector>();
        services.AddOptions<ApiKeyOptions>().BindConfiguration("Auth")
            .Validate(o => o.Keys.TrueForAll(k => k.Key is { Length: > 0 } || k.Sha256 is { Length: 64 }), "Auth:Keys entries need Key or a 64-hex-digit Sha256.")
            .ValidateOnStart();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddRateLimiter(RateLimiting.Configure);
        services.AddOptions<EventPublisherOptions>().BindConfiguration("Telemetry:Events")
            .Validate(o => o.MaxBatchSize >= 1 && o.ChannelCapacity >= 1, "Telemetry:Events sizes must be positive.")
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InferenceMetrics>();
        services.AddSingleton<RecentRequests>();
        services.AddSingleton<AdmissionQueue>();
        services.TryAddSingleton<IEventSink, RedisEventSink>();
        services.AddSingleton<EventPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<EventPublisher>());
        services.AddOptions<ContentLogOptions>().BindConfiguration("Telemetry:Content")
            .Validate(o => o.MaxChars is >= 16 and <= 65_536, "Telemetry:Content:MaxChars must be from 16 to 65536.")
            .ValidateOnStart();
        services.AddSingleton<RequestLog>();
        services.AddSingleton<RequestTelemetry>();
        services.AddSingleton<GenerationRunner>();
        services.AddSingleton<InferenceEndpointServices>();
        services.AddSingleton(sp => new PrivacyHasher(HashSalt(sp.GetRequiredService<IOptions<ApiOptions>>().Value)));
        return builder;
    }

    /// <summary>
    /// Maps <c>/generate</c> and the <c>/v1</c> group behind the API-key filter and the per-key rate limiter,
    /// applied once on the group; health endpoints are mapped elsewhere and stay open.
    /// </summary>
    public static WebApplication MapInferenceApi(this WebApplication app)
    {
        app.UseRateLimiter();
        var api = app.MapGroup(string.Empty).AddEndpointFilter<ApiKeyFilter>().RequireRateLimiting(RateLimiting.PolicyName);
        api.MapGenerateApi();
        api.MapOpenAiApi();
        app.MapHealthDetailedApi();
        return app;
    }

    // Without a configured salt, a random one per process: hashes stay unlinkable to ids, but change on restart.
    private static byte[] HashSalt(ApiOptions options) =>
        options.UserHashSalt is { Length: > 0 } salt ? Encoding.UTF8.GetBytes(salt) : RandomNumberGenerator.GetBytes(32);
}
