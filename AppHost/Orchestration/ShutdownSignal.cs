using System.Runtime.InteropServices;

namespace AppHost.Orchestration;

/// <summary>Turns Ctrl+C (SIGINT), SIGTERM and SIGQUIT into one cancellation, so shutdown is graceful.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Handle),
        ];
    }

    /// <summary>Cancelled when a stop signal arrives.</summary>
    public CancellationToken Token => _cts.Token;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cts.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        // Keep the process alive: the children are stopped by the disposals that follow the cancellation.
        context.Cancel = true;
        _cts.Cancel();
    }
}
