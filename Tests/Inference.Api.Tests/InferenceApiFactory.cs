using Microsoft.AspNetCore.Mvc.Testing;

namespace Inference.Api.Tests;

/// <summary>The Inference.Api host in memory, as a test fixture.</summary>
public sealed class InferenceApiFactory : WebApplicationFactory<Program>;
