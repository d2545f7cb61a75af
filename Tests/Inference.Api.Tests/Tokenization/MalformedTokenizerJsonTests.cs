using Inference.Api.Tokenization;

namespace Inference.Api.Tests.Tokenization;

public sealed class MalformedTokenizerJsonTests
{
    private const string Model = """{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}""";

    [Fact]
    public void InvalidJsonIsRejectedAtTheRoot()
    {
        var error = Assert.Throws<TokenizerFormatException>(() => TestTokenizers.FromJson("{\"model\": "));

        Assert.Equal("$", error.JsonPath);
    }

    [Fact]
    public void MissingModelNamesTheMissingProperty()
    {
        var error = Assert.Throws<TokenizerFormatException>(() => TestTokenizers.FromJson("{}"));

        Assert.Equal("$.model", error.JsonPath);
    }

    [Fact]
    public void UnsupportedComponentNamesItsPathAndType()
    {
        string json = $$$"""{"model":{{{Model}}},"pre_tokenizer":{"type":"Sequence","pretokenizers":[{"type":"Digits"},{"type":"Whitespace"}]}}""";

        var error = Assert.Throws<TokenizerFormatException>(() => TestTokenizers.FromJson(json));

        Assert.Equal("$.pre_tokenizer.pretokenizers[1].type", error.JsonPath);
        Assert.Contains("Whitespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedModelTypeIsNamed()
    {
        var error = Assert.Throws<TokenizerFormatException>(() => TestTokenizers.FromJson("""{"model":{"type":"Unigram","vocab":[]}}"""));

        Assert.Equal("$.model.type", error.JsonPath);
        Assert.Contains("Unigram", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MergeOfATokenOutsideTheVocabularyIsRejected()
    {
        var error = Assert.Throws<TokenizerFormatException>(() =>
            TestTokenizers.FromJson("""{"model":{"type":"BPE","vocab":{"a":0,"b":1},"merges":["a b"]}}"""));

        Assert.Equal("$.model.merges[0]", error.JsonPath);
        Assert.Contains("\"ab\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongFieldTypesAreRejectedWithTheirPath()
    {
        string json = $$$"""{"model":{{{Model}}},"decoder":{"type":"Strip","content":" ","start":"one"}}""";

        var error = Assert.Throws<TokenizerFormatException>(() => TestTokenizers.FromJson(json));

        Assert.Equal("$.decoder.start", error.JsonPath);
    }

    [Fact]
    public void RegexThatDotNetCannotRunIsReportedNotThrownRaw()
    {
        string json = $$$"""{"model":{{{Model}}},"pre_tokenizer":{"type":"Split","pattern":{"Regex":"(unclosed"},"behavior":"Isolated"}}""";

        var error = Assert.Throws<TokenizerFormatException>(() => TestTokenizers.FromJson(json));

        Assert.Equal("$.pre_tokenizer.pattern.Regex", error.JsonPath);
    }
}
