using System.Net;
using System.Net.Http.Json;
using Inference.Api.Admission;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Events;
using Tests.Shared;

namespace Inference.Api.Tests.Apis;

public sealed class AdmissionApiTests
{
    [Fact]
    public async Task AFullAdmissionQueueAnswers429WithRetryAfterAndAdmittedRequestsStillComplete()
    {
        await using var host = await ApiHost.StartAsync(new() { ["Admission:MaxConcurrent"] = "1", ["Admission:MaxQueued"] = "1" });
        using var gate = new SemaphoreSlim(0);
        host.Chat.Gate = gate;

        var running = host.Client.PostAsJsonAsync("/generate", new { prompt = "first", max_tokens = 1 });
        var queued = host.Client.PostAsJsonAsync("/generate", new { prompt = "second", max_tokens = 1 });
        var admission = host.Services.GetRequiredService<AdmissionQueue>();
        await Eventually.TrueAsync(() => host.Chat.LastMessages is not null && admission.Waiting == 1, "one request running and one waiting");
        using var refused = await host.Client.PostAsJsonAsync("/generate", new { prompt = "third", max_tokens = 1 });
        gate.Release();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await queued).StatusCode);
    }

    [Fact]
    public async Task AClientThatGoesAwayCancelsGenerationAndIsRecordedAsCancelled()
    {
        await using var host = await ApiHost.StartAsync();
        // The model holds the request until the client goes away: no race with a generation that could finish
        // first on a fast or a stalled machine.
        using var held = new SemaphoreSlim(0);
        host.Chat.Gate = held;
        using var cts = new CancellationTokenSource();

        var request = host.Client.PostAsJsonAsync("/generate", new { prompt = "slow", max_tokens = 10 }, cts.Token);
        await Eventually.TrueAsync(() => host.Chat.LastMessages is not null, "the model to receive the request");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        await Eventually.TrueAsync(() => host.Sink.Received.OfType<RequestCompleted>().Any(e => e.Outcome == "cancelled"), "the cancelled request's event");
        var recorded = host.Sink.Received.OfType<RequestCompleted>().Single();
        Assert.Equal("cancelled", recorded.FinishReason);
        Assert.Equal(1, host.Chat.Cancellations);
    }
}
