using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Tests.Observability;

public sealed class ErrorHandlingTests
{
    [Fact]
    public async Task AnUnhandledExceptionIsAProblem500WithTheRequestIdAndNoInternals()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapGet("/boom", (HttpContext _) => throw new InvalidOperationException("secret internal detail"));
        app.MapDefaultEndpoints();
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var response = await client.GetAsync("/boom");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("secret internal detail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), JsonDocument.Parse(text).RootElement.GetProperty("requestId").GetString());
    }
}
