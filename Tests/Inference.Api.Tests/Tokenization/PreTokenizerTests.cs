using System.Text.Json;
using System.Text.RegularExpressions;
using Inference.Api.Tokenization;

namespace Inference.Api.Tests.Tokenization;

public sealed class PreTokenizerTests
{
    // The example the Hugging Face documentation uses for the split behaviours.
    [Theory]
    [InlineData("Removed", new[] { "the", "final", "countdown" })]
    [InlineData("Isolated", new[] { "the", "-", "final", "-", "-", "countdown" })]
    [InlineData("MergedWithPrevious", new[] { "the-", "final-", "-", "countdown" })]
    [InlineData("MergedWithNext", new[] { "the", "-final", "-", "-countdown" })]
    [InlineData("Contiguous", new[] { "the", "-", "final", "--", "countdown" })]
    public void SplitBehaviorDecidesWhereTheDelimiterGoes(string behavior, string[] expected)
    {
        var pieces = new List<string>();

        RegexSplitter.Split(new Regex("-"), "the-final--countdown", Enum.Parse<SplitBehavior>(behavior), invert: false, pieces);

        Assert.Equal(expected, pieces);
    }

    [Fact]
    public void InvertedSplitKeepsTheMatchesAsThePieces()
    {
        var pieces = new List<string>();

        RegexSplitter.Split(new Regex(@"\w+"), "hi, you there", SplitBehavior.Removed, invert: true, pieces);

        Assert.Equal(["hi", "you", "there"], pieces);
    }

    [Fact]
    public void MetaspaceFirstSchemePrependsOnlyToTheFirstSection()
    {
        var first = Create("""{"type":"Metaspace","replacement":"▁","prepend_scheme":"first","split":false}""");

        Assert.Equal(["▁a▁b"], Run(first, "a b", isFirst: true));
        Assert.Equal(["a▁b"], Run(first, "a b", isFirst: false));
    }

    [Fact]
    public void MetaspaceSplitStartsAPieceAtEveryReplacementCharacter()
    {
        var split = Create("""{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}""");

        Assert.Equal(["▁hello", "▁", "▁world"], Run(split, "hello  world", isFirst: false));
    }

    [Fact]
    public void ByteLevelMapsBytesToPrintableCharactersAndSplitsLikeGpt2()
    {
        var byteLevel = Create("""{"type":"ByteLevel","add_prefix_space":true,"use_regex":true}""");

        Assert.Equal(["Ġit", "'s", "Ġ", "Ġ42", "!", "\u010A"], Run(byteLevel, "it's  42!\n", isFirst: true));
    }

    [Fact]
    public void DigitsAreIsolatedOneByOneOrAsRuns()
    {
        var single = Create("""{"type":"Digits","individual_digits":true}""");
        var runs = Create("""{"type":"Digits","individual_digits":false}""");

        Assert.Equal(["a", "1", "2", "b"], Run(single, "a12b", isFirst: true));
        Assert.Equal(["a", "12", "b"], Run(runs, "a12b", isFirst: true));
    }

    private static IPreTokenizer Create(string json)
    {
        using var document = JsonDocument.Parse(json);
        return PreTokenizerFactory.Create(document.RootElement.Clone(), "$.pre_tokenizer");
    }

    private static List<string> Run(IPreTokenizer preTokenizer, string text, bool isFirst)
    {
        var pieces = new List<string>();
        preTokenizer.PreTokenize(text, isFirst, pieces);
        return pieces;
    }
}
