namespace Inference.Api.Tests.Tokenization;

/// <summary>Texts both tokenizers must agree on: the cases where tokenizers usually diverge.</summary>
internal static class ParityCorpus
{
    /// <summary>The corpus, including the empty string and special tokens written in the text.</summary>
    public static IReadOnlyList<string> Texts { get; } =
    [
        "",
        "Hello world",
        "The quick brown fox jumps over the lazy dog.",
        "This program is free software; you can redistribute it and/or modify it under the terms of the GNU General Public License.",
        " leading space",
        "trailing space ",
        "   three leading and    four inner spaces   ",
        " ",
        "     ",
        "line one\nline two\n\nline four\n",
        "\ttab\tseparated\tvalues\t",
        "mixed \t\n whitespace \r\n end",
        "numbers 0 12 345 6789 3.14159 1,000,000 2026-11-22",
        "Punctuation!? ... --- (brackets) [square] {curly} \"quotes\" 'single' #hash @at $dollar %percent ^&*_+=|\\/<>~`",
        "it's they're we've I'm you'll he'd don't CAN'T",
        "emoji 🎉🚀 and 👨‍👩‍👧 family, flags 🇫🇷",
        "中文文本测试，你好世界。",
        "日本語のテキストです",
        "مرحبا بالعالم",
        "Привет, мир! Съешь же ещё этих мягких французских булок.",
        "Ελληνικά κείμενα",
        "combining: e\u0301 a\u0308 n\u0303 and precomposed é ä ñ",
        "Z\u0351\u0355a\u0367\u0364l\u0341g\u0309o",
        "<|user|>Hello<|end|><|assistant|>Hi there!<|end|>",
        "<|system|> You are helpful. <|end|>\n<|user|>What is 2+2?<|end|>\n<|assistant|>",
        "<s>text between</s> specials <unk>",
        "almost <|user| special and <|end|>x<|eos|>",
        "ＦＵＬＬＷＩＤＴＨ ａｎｄ ligature ﬁ",
        "snake_case_identifier = camelCaseValue(42);",
        "Mixed: English, 中文, العربية, русский, 🎉 and 123.",
        "math 𝐇𝐞𝐥𝐥𝐨 a𝐇b and 𠀀𠀁 ext-B",
        LongParagraph,
    ];

    /// <summary>A long piece: without a pre-tokenizer (metaspace layout) the merge loop sees it as one word.</summary>
    private static string LongParagraph => string.Concat(Enumerable.Repeat(
        "Everyone is permitted to copy and distribute verbatim copies of this license document, but changing it is not allowed. ", 12));
}
