using System.Text;
using System.Text.Json;
using Inference.Api.Tokenization;

namespace Inference.Api.Tests.Tokenization;

public sealed class TokenizerTests
{
    private static readonly Lazy<ITokenizer> s_metaspace = new(() =>
        TokenizerFactory.Load(TestPaths.TestData("Tokenization", "data", "metaspace-bpe", "tokenizer.json")));

    [Fact]
    public void MergesApplyByRankNotByPosition()
    {
        // Vocabulary a b c ab bc abc; "b c" ranks before "a b", so "abc" is a + bc, then abc.
        var tokenizer = Tiny(merges: ["b c", "a bc", "a b"]);

        Assert.Equal([5], tokenizer.Encode("abc"));
        Assert.Equal([3, 0], Tiny(merges: ["a b"]).Encode("aba"));
    }

    [Fact]
    public void AddedTokensAreSplitOutBeforeTheModelAndSkippedOnDecodeWhenSpecial()
    {
        var tokenizer = s_metaspace.Value;
        var bos = tokenizer.TokenToId("<s>")!.Value;

        var ids = tokenizer.Encode("hello<s>world");

        Assert.Contains(bos, ids);
        Assert.Equal("helloworld", tokenizer.Decode(ids).Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Contains("<s>", tokenizer.Decode(ids, skipSpecialTokens: false), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("日本語のテキスト")]
    [InlineData("emoji 🙂👍🏽👨‍👩‍👧 and ñ")]
    [InlineData("plain ascii text")]
    public void StreamingNeverEmitsHalfACharacterAndAddsUpToTheFullDecode(string text)
    {
        var tokenizer = s_metaspace.Value;
        var ids = tokenizer.Encode(text);
        var stream = tokenizer.CreateStreamDecoder();

        var pieces = ids.Select(stream.Append).Append(stream.Flush()).ToArray();

        Assert.Equal(tokenizer.Decode(ids), string.Concat(pieces));
        Assert.All(pieces, p => Assert.DoesNotContain('\uFFFD', p));
        Assert.All(pieces, p => Assert.False(p.Length > 0 && char.IsLowSurrogate(p[0]), "a piece starts inside a surrogate pair"));
        Assert.Contains(ids, id => tokenizer.IdToToken(id)!.StartsWith("<0x", StringComparison.Ordinal) || text.All(char.IsAscii));
    }

    [Fact]
    public void AStreamCutInsideACharacterFlushesAReplacementCharacter()
    {
        var tokenizer = s_metaspace.Value;
        var ids = tokenizer.Encode("語");
        var stream = tokenizer.CreateStreamDecoder();

        var first = string.Concat(ids[..^1].Select(stream.Append));

        Assert.Equal(string.Empty, first.Trim());
        Assert.Equal("\uFFFD", stream.Flush());
    }

    [Theory]
    [InlineData("{}", "$.model is missing")]
    [InlineData("{\"model\":{\"type\":\"Unigram\",\"vocab\":[]}}", "only BPE")]
    [InlineData("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[\"a b\"]}}", "merges[0]")]
    [InlineData("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[]},\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"}}", "$.pre_tokenizer.type 'BertPreTokenizer'")]
    [InlineData("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[]},\"decoder\":{\"type\":\"WordPiece\"}}", "$.decoder.type 'WordPiece'")]
    public void MalformedOrUnsupportedTokenizerFilesFailNamingTheField(string json, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tokenizer-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var error = Assert.Throws<TokenizerFormatException>(() => TokenizerFactory.Load(path));

            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static ITokenizer Tiny(string[] merges)
    {
        var vocab = new Dictionary<string, int> { ["a"] = 0, ["b"] = 1, ["c"] = 2, ["ab"] = 3, ["bc"] = 4, ["abc"] = 5 };
        var json = JsonSerializer.Serialize(new { model = new { type = "BPE", vocab, merges } });
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
        return TokenizerFactory.Build(doc.RootElement);
    }
}
