using AppHost.Cache;

namespace AppHost.Orchestration;

/// <summary>Something run mode started, as the dashboard lists it: a supervised process or a cache server.</summary>
/// <param name="Resource">The resource name.</param>
/// <param name="Type">cache, project or executable.</param>
/// <param name="Instance">Instance name (the resource name, with <c>-i</c> when it has several replicas).</param>
/// <param name="Endpoints">Where it listens.</param>
/// <param name="Process">The supervised process (projects and executables).</param>
/// <param name="Cache">The cache server (caches).</param>
/// <param name="StartedAt">When a cache started (a process reports its own).</param>
/// <param name="CacheConsole">A started cache server's output (a process keeps its own).</param>
internal sealed record ResourceInstance(
    string Resource,
    string Type,
    string Instance,
    IReadOnlyList<string> Endpoints,
    SupervisedProcess? Process,
    CacheServer? Cache,
    DateTimeOffset StartedAt,
    ConsoleLog? CacheConsole = null);
