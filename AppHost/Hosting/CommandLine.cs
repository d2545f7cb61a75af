namespace AppHost.Hosting;

/// <summary>Reads <c>--name value</c> options from the AppHost's arguments.</summary>
internal static class CommandLine
{
    /// <summary>The value after <paramref name="name"/>, or null when absent.</summary>
    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
