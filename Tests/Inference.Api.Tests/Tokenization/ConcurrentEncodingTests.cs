using Inference.Api.Tokenization;

namespace Inference.Api.Tests.Tokenization;

public sealed class ConcurrentEncodingTests
{
    [Fact]
    public void OneTokenizerSharedByManyRequestsGivesEachTheSameIdsAsAlone()
    {
        var shared = TokenizerFactory.Load(TestTokenizers.ByteLevelPath);
        var texts = ParityCorpus.Texts;
        var expected = texts.Select(t => TokenizerFactory.Load(TestTokenizers.ByteLevelPath).Encode(t)).ToArray();

        var actual = new int[texts.Count * 8][];
        Parallel.For(0, actual.Length, i => actual[i] = shared.Encode(texts[i % texts.Count]));

        for (int i = 0; i < actual.Length; i++)
        {
            Assert.Equal(expected[i % texts.Count], actual[i]);
        }
    }
}
