using Inference.Api.Tokenization;

namespace Inference.Api.Tests.Tokenization;

/// <summary>
/// Parity with @huggingface/tokenizers (run through node): same ids for every corpus text, same decoded text,
/// with and without special tokens.
/// </summary>
public sealed class ReferenceParityServerTests
{
    /// <summary>The tokenizers under test: the committed ones in three styles plus the shipped model's when present.</summary>
    public static TheoryData<string> Tokenizers()
    {
        var data = new TheoryData<string> { "data/bytelevel-bpe.json", "data/metaspace-bpe.json", "data/split-digits-bpe.json" };
        foreach (var path in TestTokenizers.ShippedPaths())
        {
            data.Add(Path.GetRelativePath(TestTokenizers.RepositoryRoot, path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public async Task EncodingMatchesTheReferenceForEveryCorpusText(string tokenizer)
    {
        string path = Resolve(tokenizer);
        var ours = TokenizerFactory.Load(path);
        var reference = await NodeReferenceTokenizer.RunAsync(path, ParityCorpus.Texts);
        Assert.Equal(ParityCorpus.Texts.Count, reference.Count);

        for (int i = 0; i < ParityCorpus.Texts.Count; i++)
        {
            string text = ParityCorpus.Texts[i];
            Assert.True(reference[i].Ids.SequenceEqual(ours.Encode(text)), Describe("ids", text, reference[i].Ids, ours.Encode(text)));
            Assert.True(
                reference[i].IdsWithSpecials.SequenceEqual(ours.Encode(text, addSpecialTokens: true)),
                Describe("ids with specials", text, reference[i].IdsWithSpecials, ours.Encode(text, addSpecialTokens: true)));
        }
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public async Task DecodingMatchesTheReferenceWithAndWithoutSpecialTokens(string tokenizer)
    {
        string path = Resolve(tokenizer);
        var ours = TokenizerFactory.Load(path);
        var reference = await NodeReferenceTokenizer.RunAsync(path, ParityCorpus.Texts);
        Assert.Equal(ParityCorpus.Texts.Count, reference.Count);

        for (int i = 0; i < ParityCorpus.Texts.Count; i++)
        {
            int[] ids = reference[i].Ids;
            Assert.Equal(reference[i].Decoded, ours.Decode(ids, skipSpecialTokens: true));
            Assert.Equal(reference[i].DecodedWithSpecials, ours.Decode(ids, skipSpecialTokens: false));
        }
    }

    private static string Resolve(string tokenizer) =>
        tokenizer.StartsWith("data/", StringComparison.Ordinal)
            ? Path.Combine(TestTokenizers.DataDirectory, tokenizer["data/".Length..])
            : Path.Combine(TestTokenizers.RepositoryRoot, tokenizer);

    private static string Describe(string what, string text, int[] expected, int[] actual) =>
        $"{what} differ for \"{text}\"\n reference: [{string.Join(',', expected)}]\n ours:      [{string.Join(',', actual)}]";
}
