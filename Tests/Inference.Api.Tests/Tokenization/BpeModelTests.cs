namespace Inference.Api.Tests.Tokenization;

public sealed class BpeModelTests
{
    private const string Vocab = """{"a":0,"b":1,"c":2,"ab":3,"bc":4,"abc":5,"<0xC3>":6,"<0xA9>":7,"<unk>":8}""";

    private static string Json(string merges, string options = "") => $$"""
        {"model":{"type":"BPE","vocab":{{Vocab}},"merges":{{merges}}{{options}}},"normalizer":null,"pre_tokenizer":null,"decoder":null}
        """;

    [Fact]
    public void LowerRankedMergeWinsWhenPairsOverlap()
    {
        var bcFirst = TestTokenizers.FromJson(Json("""["b c","a b"]"""));
        var abFirst = TestTokenizers.FromJson(Json("""["a b","b c"]"""));

        Assert.Equal([0, 4], bcFirst.Encode("abc"));
        Assert.Equal([3, 2], abFirst.Encode("abc"));
    }

    [Fact]
    public void MergesChainUntilNoRankedPairRemains()
    {
        var tokenizer = TestTokenizers.FromJson(Json("""["b c","a bc"]"""));

        Assert.Equal([5, 5, 0], tokenizer.Encode("abcabca"));
    }

    [Fact]
    public void ArrayFormMergesBehaveLikeStringForm()
    {
        var strings = TestTokenizers.FromJson(Json("""["a b","ab c"]"""));
        var arrays = TestTokenizers.FromJson(Json("""[["a","b"],["ab","c"]]"""));

        Assert.Equal([5, 1], strings.Encode("abcb"));
        Assert.Equal(strings.Encode("abcb"), arrays.Encode("abcb"));
    }

    [Fact]
    public void IgnoreMergesTakesAWholeWordStraightFromTheVocabulary()
    {
        var merging = TestTokenizers.FromJson(Json("""["a b"]"""));
        var ignoring = TestTokenizers.FromJson(Json("""["a b"]""", ""","ignore_merges":true"""));

        Assert.Equal([3, 2], merging.Encode("abc"));
        Assert.Equal([5], ignoring.Encode("abc"));
    }

    [Fact]
    public void UnknownCharacterFallsBackToItsUtf8ByteTokensWhenByteFallbackIsOn()
    {
        var fallback = TestTokenizers.FromJson(Json("[]", ""","byte_fallback":true,"unk_token":"<unk>" """));
        var unk = TestTokenizers.FromJson(Json("[]", ""","unk_token":"<unk>","fuse_unk":true"""));

        Assert.Equal([0, 6, 7], fallback.Encode("aé"));
        Assert.Equal([0, 8], unk.Encode("aéé"));
    }

    [Fact]
    public void RepeatedEncodingsAgreeWithTheFirstOneOnceCached()
    {
        var tokenizer = TestTokenizers.FromJson(Json("""["b c","a bc"]"""));

        int[] first = tokenizer.Encode("abcab");
        int[] second = tokenizer.Encode("abcab");

        Assert.Equal([5, 0, 1], first);
        Assert.Equal(first, second);
    }
}
