using System.Text.Json;
using Inference.Api.Tokenization;

namespace Inference.Api.Tests.Tokenization;

public sealed class DecoderTests
{
    private const string Llama2Decoder = """
        {"type":"Sequence","decoders":[{"type":"Replace","pattern":{"String":"▁"},"content":" "},
         {"type":"ByteFallback"},{"type":"Fuse"},{"type":"Strip","content":" ","start":1,"stop":0}]}
        """;

    [Fact]
    public void Llama2ChainRestoresSpacesBytesAndDropsTheLeadingSpace()
    {
        Assert.Equal("Hi é!", Decode(Llama2Decoder, "▁Hi", "▁", "<0xC3>", "<0xA9>", "!"));
    }

    [Fact]
    public void InvalidByteFallbackRunBecomesOneReplacementCharacterPerByte()
    {
        Assert.Equal("a\uFFFD\uFFFDb", Decode("""{"type":"ByteFallback"}""", "a", "<0xE4>", "<0xB8>", "b"));
    }

    [Fact]
    public void MetaspaceDecoderKeepsTheFirstSpaceWhenNothingWasPrepended()
    {
        Assert.Equal("hi there", Decode("""{"type":"Metaspace","replacement":"▁","prepend_scheme":"always"}""", "▁hi", "▁there"));
        Assert.Equal(" hi there", Decode("""{"type":"Metaspace","replacement":"▁","prepend_scheme":"never"}""", "▁hi", "▁there"));
    }

    [Fact]
    public void ByteLevelDecoderTurnsAlphabetCharactersBackIntoUtf8()
    {
        Assert.Equal("héllo wörld", Decode("""{"type":"ByteLevel"}""", "h", "Ã©", "llo", "Ġw", "Ã¶", "rld"));
    }

    private static string Decode(string json, params string[] tokens)
    {
        using var document = JsonDocument.Parse(json);
        var decoder = DecoderFactory.Create(document.RootElement.Clone(), "$.decoder", _ => false);
        var list = new List<string>(tokens);
        decoder.DecodeChain(list);
        return string.Concat(list);
    }
}
