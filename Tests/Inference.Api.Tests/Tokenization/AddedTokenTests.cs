namespace Inference.Api.Tests.Tokenization;

public sealed class AddedTokenTests
{
    private static string Json(string addedOptions) => $$"""
        {"added_tokens":[
          {"id":10,"content":"<|user|>","special":true{{addedOptions}}},
          {"id":11,"content":"<|end|>","special":true},
          {"id":12,"content":"<|user|>!","special":false}],
         "model":{"type":"BPE","vocab":{"h":0,"i":1," ":2,"!":3,"x":4},"merges":[]},
         "pre_tokenizer":null,"decoder":null}
        """;

    [Fact]
    public void SpecialTokensWrittenInTheTextBecomeTheirIds()
    {
        var tokenizer = TestTokenizers.FromJson(Json(""));

        Assert.Equal([10, 0, 1, 11], tokenizer.Encode("<|user|>hi<|end|>"));
    }

    [Fact]
    public void TheLongestAddedTokenWinsAtTheSamePosition()
    {
        var tokenizer = TestTokenizers.FromJson(Json(""));

        Assert.Equal([12, 0], tokenizer.Encode("<|user|>!h"));
    }

    [Fact]
    public void LeftAndRightStripSwallowTheSurroundingSpaces()
    {
        var plain = TestTokenizers.FromJson(Json(""));
        var stripping = TestTokenizers.FromJson(Json(""","lstrip":true,"rstrip":true"""));

        Assert.Equal([0, 2, 10, 2, 1], plain.Encode("h <|user|> i"));
        Assert.Equal([0, 10, 1], stripping.Encode("h <|user|> i"));
    }

    [Fact]
    public void SingleWordTokenIsNotMatchedInsideAWord()
    {
        var tokenizer = TestTokenizers.FromJson(Json(""","single_word":true"""));

        Assert.Equal([10], tokenizer.Encode("<|user|>"));
        Assert.DoesNotContain(10, tokenizer.Encode("x<|user|>x"));
    }

    [Fact]
    public void DecodeDropsSpecialTokensOnlyWhenAskedTo()
    {
        var tokenizer = TestTokenizers.FromJson(Json(""));

        Assert.Equal("h i", tokenizer.Decode([10, 0, 1, 11]));
        Assert.Equal("<|user|> h i <|end|>", tokenizer.Decode([10, 0, 1, 11], skipSpecialTokens: false));
    }

    [Fact]
    public void TokenAndIdLookupsCoverAddedTokensAndOutOfRangeIds()
    {
        var tokenizer = TestTokenizers.FromJson(Json(""));

        Assert.Equal(13, tokenizer.VocabularySize);
        Assert.Equal(11, tokenizer.TokenToId("<|end|>"));
        Assert.Equal(3, tokenizer.TokenToId("!"));
        Assert.Null(tokenizer.TokenToId("nope"));
        Assert.Equal("<|user|>", tokenizer.IdToToken(10));
        Assert.Null(tokenizer.IdToToken(13));
        Assert.Null(tokenizer.IdToToken(-1));
    }
}
