using AppHost.Hosting;

namespace AppHost.Executables;

/// <summary>Any program started as a process (<c>executable.v0</c>).</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory) : Resource(name)
{
    /// <summary>The program to run (a path, or a name looked up on PATH).</summary>
    public string Command { get; } = command;

    /// <summary>Its working directory.</summary>
    public string WorkingDirectory { get; } = workingDirectory;
}
