using System.Text;
using Inference.Api.Tokenization;

namespace Inference.Api.Tests.Tokenization;

public sealed class TokenStreamDecoderTests
{
    /// <summary>The committed test tokenizers plus the shipped model's (paths relative to the repository root).</summary>
    public static TheoryData<string> Tokenizers()
    {
        var data = new TheoryData<string>();
        foreach (string file in (string[])["bytelevel-bpe.json", "metaspace-bpe.json", "split-digits-bpe.json"])
        {
            data.Add(Path.GetRelativePath(TestTokenizers.RepositoryRoot, Path.Combine(TestTokenizers.DataDirectory, file)));
        }

        foreach (string path in TestTokenizers.ShippedPaths())
        {
            data.Add(Path.GetRelativePath(TestTokenizers.RepositoryRoot, path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void StreamingEveryCorpusTextReproducesTheFullDecode(string file)
    {
        var tokenizer = TokenizerFactory.Load(Path.Combine(TestTokenizers.RepositoryRoot, file));
        foreach (string text in ParityCorpus.Texts)
        {
            int[] ids = tokenizer.Encode(text);
            var stream = tokenizer.CreateStreamDecoder();
            var streamed = new StringBuilder();
            foreach (int id in ids)
            {
                streamed.Append(stream.Append(id));
            }

            streamed.Append(stream.Flush());
            Assert.Equal(tokenizer.Decode(ids), streamed.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void MultiByteCharactersSplitAcrossTokensAreNeverEmittedHalfWay(string file)
    {
        var tokenizer = TokenizerFactory.Load(Path.Combine(TestTokenizers.RepositoryRoot, file));
        const string text = "中文 🎉 Привет مرحبا 👨‍👩‍👧 e\u0301";
        int[] ids = tokenizer.Encode(text);
        Assert.True(ids.Length > text.Length / 2, "the test needs characters spread over several byte tokens");

        var stream = tokenizer.CreateStreamDecoder();
        foreach (int id in ids)
        {
            string piece = stream.Append(id);
            Assert.DoesNotContain('\uFFFD', piece);
            Assert.True(IsWellFormed(piece), $"piece \"{piece}\" holds a lone surrogate");
        }

        Assert.Equal(string.Empty, stream.Flush());
    }

    [Fact]
    public void FlushTurnsAnIncompleteTailIntoAReplacementCharacter()
    {
        var tokenizer = TokenizerFactory.Load(TestTokenizers.ByteLevelPath);
        int[] ids = tokenizer.Encode("a中");
        var stream = tokenizer.CreateStreamDecoder();

        Assert.Equal("a", stream.Append(ids[0]) + stream.Append(ids[1]));
        Assert.Equal("\uFFFD", stream.Flush());
    }

    [Fact]
    public void InvalidBytesAreReleasedAsReplacementCharactersInsteadOfHeldForever()
    {
        var tokenizer = TokenizerFactory.Load(TestTokenizers.ByteLevelPath);
        int loneContinuationByte = tokenizer.TokenToId(ByteLevelAlphabet.ToChar(0x80).ToString())!.Value;
        var stream = tokenizer.CreateStreamDecoder();

        var emitted = new StringBuilder();
        for (int i = 0; i < 8; i++)
        {
            emitted.Append(stream.Append(loneContinuationByte));
        }

        Assert.Contains('\uFFFD', emitted.ToString());
        Assert.Equal(new string('\uFFFD', 8), emitted.Append(stream.Flush()).ToString());
    }

    [Fact]
    public void SpecialTokensAreSkippedOrKeptAsTheStreamWasAsked()
    {
        var tokenizer = TokenizerFactory.Load(TestTokenizers.ByteLevelPath);
        int user = tokenizer.TokenToId("<|user|>")!.Value;
        int[] ids = [user, .. tokenizer.Encode("hi")];

        Assert.Equal("hi", Stream(tokenizer.CreateStreamDecoder(), ids));
        Assert.Equal("<|user|>hi", Stream(tokenizer.CreateStreamDecoder(skipSpecialTokens: false), ids));
    }

    private static string Stream(ITokenStreamDecoder decoder, int[] ids)
    {
        var text = new StringBuilder();
        foreach (int id in ids)
        {
            text.Append(decoder.Append(id));
        }

        return text.Append(decoder.Flush()).ToString();
    }

    private static bool IsWellFormed(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}
