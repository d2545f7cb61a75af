using System.Globalization;
using System.Threading.RateLimiting;
using Inference.Api.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace Inference.Api.Security;

/// <summary>Per-key token buckets with ASP.NET Core's rate limiter; a refusal is 429 with Retry-After in the route's format.</summary>
internal static class RateLimiting
{
    public const string PolicyName = "per-key";

    public static void Configure(RateLimiterOptions options)
    {
        options.AddPolicy(PolicyName, context =>
        {
            var keys = context.RequestServices.GetRequiredService<ApiKeyRegistry>();
            if (keys.RequestsPerMinute <= 0)
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }

            // Partition by the key's hash (or the client address when keys are off): the key itself is never a dictionary key.
            var header = context.Request.Headers.Authorization.ToString();
            var partition = header.Length > 7 ? Convert.ToHexString(ApiKeyRegistry.Hash(header[7..].Trim())) : context.Connection.RemoteIpAddress?.ToString() ?? "anonymous";
            return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = keys.RequestsPerMinute,
                TokensPerPeriod = keys.RequestsPerMinute,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        options.OnRejected = async (context, _) =>
        {
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
            var error = new ApiError(StatusCodes.Status429TooManyRequests, "rate_limited",
                $"Rate limit of this API key exceeded; retry in {retry.ToString(CultureInfo.InvariantCulture)} s.") { RetryAfterSeconds = retry };
            await ErrorRoutes.WriteAsync(context.HttpContext, error);
        };
    }
}
