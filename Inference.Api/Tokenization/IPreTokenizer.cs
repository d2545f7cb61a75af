namespace Inference.Api.Tokenization;

/// <summary>Splits one normalized section of text into the pieces the model encodes independently.</summary>
internal interface IPreTokenizer
{
    /// <summary>
    /// Appends the pieces of <paramref name="text"/> to <paramref name="output"/>. <paramref name="isFirstSection"/>
    /// is true for the section that starts the input (Metaspace's <c>prepend_scheme: first</c> needs it).
    /// </summary>
    void PreTokenize(string text, bool isFirstSection, List<string> output);
}
