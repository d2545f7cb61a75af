using AppHost.Executables;
using AppHost.Hosting;

namespace AppHost.Tests;

public sealed class StartOrderTests
{
    [Fact]
    public void ResourcesStartAfterEverythingTheyWaitFor()
    {
        var builder = DistributedApplicationBuilder.Create(new AppHostOptions());
        var web = builder.AddResource(new ExecutableResource("web", "true", "."));
        var db = builder.AddResource(new ExecutableResource("db", "true", "."));
        var queue = builder.AddResource(new ExecutableResource("queue", "true", "."));
        web.WaitFor(queue).WaitFor(db);
        queue.WaitFor(db);

        var order = DistributedApplicationBuilder.StartOrder(builder.Resources).Select(r => r.Name);

        Assert.Equal(["db", "queue", "web"], order);
    }

    [Fact]
    public void AWaitCycleIsRejectedNamingAResourceOnIt()
    {
        var builder = DistributedApplicationBuilder.Create(new AppHostOptions());
        var a = builder.AddResource(new ExecutableResource("a", "true", "."));
        var b = builder.AddResource(new ExecutableResource("b", "true", "."));
        a.WaitFor(b);
        b.WaitFor(a);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResourceNamesAreUnique()
    {
        var builder = DistributedApplicationBuilder.Create(new AppHostOptions());
        builder.AddResource(new ExecutableResource("x", "true", "."));

        Assert.Throws<InvalidOperationException>(() => builder.AddResource(new ExecutableResource("x", "true", ".")));
    }
}
