using Inference.Api.Telemetry;

namespace Inference.Api.Tests.Telemetry;

/// <summary>What the opt-in content log line may show of a prompt: personal data and secrets replaced, length capped.</summary>
public sealed class ContentRedactorTests
{
    [Theory]
    [InlineData("write to jane.doe+work@example.co.uk today", "write to [email] today")]
    [InlineData("card 4111 1111 1111 1111 exp 12/29", "card [card] exp 12/29")]
    [InlineData("card 4111-1111-1111-1111", "card [card]")]
    [InlineData("call +44 20 7946 0958 or (555) 010-9999", "call [phone] or [phone]")]
    [InlineData("server 10.0.12.7 answered", "server [ip] answered")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def", "Authorization: [secret]")]
    [InlineData("key sk-proj-AbCdEf0123456789xyz please", "key [secret] please")]
    [InlineData("sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "sha [secret]")]
    [InlineData("token AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd", "token [secret]")]
    [InlineData("account 1234567890123 (not a card: Luhn fails)", "account [number] (not a card: Luhn fails)")]
    public void PersonalDataAndSecretsAreReplacedByTheirKind(string text, string expected)
    {
        Assert.Equal(expected, ContentRedactor.Redact(text, 512));
    }

    [Theory]
    [InlineData("And it came to pass in 1611, on 2026-11-22, at 3.14159265 past noon")]
    [InlineData("order 12345 of 12345678 grains")]
    [InlineData("In the beginning God created the heaven and the earth.")]
    public void OrdinaryTextNumbersAndDatesStay(string text)
    {
        Assert.Equal(text, ContentRedactor.Redact(text, 512));
    }

    [Fact]
    public void LongTextIsCutWithTheCountOfWhatWasCut()
    {
        var text = string.Concat(Enumerable.Repeat("word ", 20));

        Assert.Equal("word word word w…[+84 chars]", ContentRedactor.Redact(text, 16));
    }

    [Fact]
    public void TheCutNeverSplitsASurrogatePair()
    {
        var text = "fifteen chars!!" + "😀" + "tail";

        var cut = ContentRedactor.Redact(text, 16);

        Assert.StartsWith("fifteen chars!!…", cut, StringComparison.Ordinal);
    }
}
