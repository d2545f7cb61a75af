namespace Inference.Api.Generation;

/// <summary>
/// The single-sequence <see cref="TokenGenerator"/> seen as an async stream: every step still runs synchronously
/// on the consumer's thread, exactly as a plain <c>foreach</c> over it would.
/// </summary>
internal sealed class SynchronousTokens(IEnumerable<GeneratedToken> tokens) : IAsyncEnumerable<GeneratedToken>
{
    public IAsyncEnumerator<GeneratedToken> GetAsyncEnumerator(CancellationToken cancellationToken = default) => new Enumerator(tokens.GetEnumerator());

    private sealed class Enumerator(IEnumerator<GeneratedToken> inner) : IAsyncEnumerator<GeneratedToken>
    {
        public GeneratedToken Current => inner.Current;

        public ValueTask<bool> MoveNextAsync() => ValueTask.FromResult(inner.MoveNext());

        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
