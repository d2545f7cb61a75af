using System.Text.Json;
using Inference.Api.Tokenization;

namespace Inference.Api.Tests.Tokenization;

public sealed class NormalizerTests
{
    [Fact]
    public void NfcComposesCombiningMarksDespiteInvariantGlobalization()
    {
        var nfc = Create("""{"type":"NFC"}""");

        Assert.Equal("\u00E9t\u00E9", nfc("e\u0301te\u0301"));
        Assert.Equal("plain ascii", nfc("plain ascii"));
    }

    [Fact]
    public void NfkcFoldsCompatibilityCharacters()
    {
        var nfkc = Create("""{"type":"NFKC"}""");

        Assert.Equal("fi FULL 2", nfkc("\uFB01 \uFF26\uFF35\uFF2C\uFF2C \u00B2"));
    }

    [Fact]
    public void SequenceAppliesPrependThenReplaceLikeLlama2()
    {
        var llama = Create("""
            {"type":"Sequence","normalizers":[{"type":"Prepend","prepend":"▁"},{"type":"Replace","pattern":{"String":" "},"content":"▁"}]}
            """);

        Assert.Equal("▁Hello▁▁world", llama("Hello  world"));
        Assert.Equal(string.Empty, llama(string.Empty));
    }

    [Fact]
    public void LowercaseAndStripChangeCaseAndEdges()
    {
        var both = Create("""{"type":"Sequence","normalizers":[{"type":"Lowercase"},{"type":"Strip","strip_left":true,"strip_right":false}]}""");

        Assert.Equal("hello world ", both("  HeLLo World "));
    }

    private static Func<string, string> Create(string json)
    {
        using var document = JsonDocument.Parse(json);
        return NormalizerFactory.Create(document.RootElement.Clone(), "$.normalizer");
    }
}
