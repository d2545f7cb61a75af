using Microsoft.Extensions.AI;

namespace Inference.Api.Tests.Engine;

/// <summary>An engine's chat client over the shipped model, as the service builds it.</summary>
public interface IEngineChatClientFixture
{
    IChatClient Client { get; }

    int ContextLength { get; }
}
