using Inference.Api.Tokenization;

namespace Inference.Api.Tests.Tokenization;

/// <summary>Our tokenizer against Hugging Face's JS port, on the shipped byte-level tokenizer and a SentencePiece-style one.</summary>
public sealed class TokenizerParityServerTests
{
    public static readonly string[] Texts =
    [
        "And God said unto Moses, I AM THAT I AM.",
        "The quick brown fox jumps over the lazy dog.",
        "  leading, trailing and   multiple   spaces  ",
        "tabs\tand\nnewlines\n\nand\r\nwindows line ends",
        "numbers 1234567, 3.14159 and 1,000,000",
        "it's they're we've I'm you'll he'd IT'S",
        "café naïve résumé Æsir Straße",
        "日本語のテキスト 中文 한국어",
        "Привет, мир! Γειά σου κόσμε مرحبا بالعالم שלום",
        "emoji 🙂👍🏽👨‍👩‍👧 flags 🇫🇷",
        "combining e\u0301 and a\u0308 and Hangul \u1100\u1161",
        "<|user|>\nHello there<|end|>\n<|assistant|>\n",
        "punctuation!!! ??? ... --- (brackets) [x] {y} \"quotes\" 'single'",
        "under_score snake_case __init__ CamelCase",
        "",
        " ",
        "\n",
        "a",
        "x\u0000y control \u0007 chars",
    ];

    [Fact]
    public async Task TheShippedByteLevelTokenizerEncodesAndDecodesLikeTheReference()
    {
        await AssertParityAsync(TestPaths.ShippedModel, addSpecialTokens: false);
    }

    [Fact]
    public async Task ASentencePieceStyleTokenizerWithByteFallbackEncodesAndDecodesLikeTheReference()
    {
        await AssertParityAsync(TestPaths.TestData("Tokenization", "data", "metaspace-bpe"), addSpecialTokens: true);
    }

    private static async Task AssertParityAsync(string folder, bool addSpecialTokens)
    {
        var tokenizer = TokenizerFactory.Load(Path.Combine(folder, "tokenizer.json"));

        var reference = await ReferenceTokenizer.EncodeAsync(folder, Texts, addSpecialTokens);

        for (var i = 0; i < Texts.Length; i++)
        {
            var ids = tokenizer.Encode(Texts[i], addSpecialTokens);
            Assert.True(reference[i].Ids.SequenceEqual(ids),
                $"encode differs for {Texts[i]!.Replace("\n", "\\n")}: ours [{string.Join(',', ids)}] reference [{string.Join(',', reference[i].Ids)}]");
            Assert.Equal(reference[i].Text, tokenizer.Decode(ids));
        }
    }
}
