using System.Net;
using System.Net.Http.Json;
using ServiceDefaults.Events;
using Tests.Shared;

namespace Inference.Api.Tests.Apis;

public sealed class RefusalApiTests
{
    [Fact]
    public async Task AnAnswerStartingWithAConfiguredPhraseIsMarkedARefusalAndOthersAreNot()
    {
        // The scripted model always answers "The quick brown fox ..."; one host treats "QUICK BROWN" as a refusal phrase.
        await using var refusing = await ApiHost.StartAsync(new() { ["Quality:RefusalPhrases:0"] = "QUICK BROWN" });
        await using var plain = await ApiHost.StartAsync();

        foreach (var host in new[] { refusing, plain })
        {
            using var response = await host.Client.PostAsJsonAsync("/generate", new { prompt = "hi", max_tokens = 4 });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True((await SingleRequestEventAsync(refusing)).Refusal);
        Assert.False((await SingleRequestEventAsync(plain)).Refusal);
    }

    private static async Task<RequestCompleted> SingleRequestEventAsync(ApiHost host)
    {
        await Eventually.TrueAsync(() => host.Sink.Received.OfType<RequestCompleted>().Any(), "the request's event");

        return Assert.Single(host.Sink.Received.OfType<RequestCompleted>());
    }
}
