namespace Inference.Api.Tokenization;

/// <summary>Applies pre-tokenizers in order, each to every piece the previous one produced.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> steps) : IPreTokenizer
{
    /// <inheritdoc />
    public void PreTokenize(string text, bool isFirstSection, List<string> output)
    {
        var current = new List<string> { text };
        var next = new List<string>();
        foreach (var step in steps)
        {
            next.Clear();
            foreach (var piece in current)
            {
                step.PreTokenize(piece, isFirstSection, next);
            }

            (current, next) = (next, current);
        }

        output.AddRange(current);
    }
}
