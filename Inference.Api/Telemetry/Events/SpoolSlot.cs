namespace Inference.Api.Telemetry.Events;

/// <summary>
/// One folder of spool files, owned through an exclusive lock on its <c>.lock</c> file. The lock is an advisory
/// <c>flock</c> that .NET takes for <see cref="FileShare.None"/> on Unix; the kernel drops it when the owner exits,
/// SIGKILL included, so a slot is never held by a dead process. The lock file itself is never deleted: deleting it
/// would let two processes lock two different files of the same name.
/// </summary>
internal sealed class SpoolSlot : IDisposable
{
    private const string LockFile = ".lock";
    private readonly FileStream _lock;

    private SpoolSlot(string directory, FileStream lockFile)
    {
        Directory = directory;
        _lock = lockFile;
    }

    /// <summary>The slot's folder.</summary>
    public string Directory { get; }

    /// <summary>Locks the slot in <paramref name="directory"/> (creating it); null while another instance holds it.</summary>
    public static SpoolSlot? TryClaim(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        try
        {
            return new SpoolSlot(directory, new FileStream(Path.Combine(directory, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();
}
