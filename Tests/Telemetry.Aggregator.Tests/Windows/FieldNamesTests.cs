using System.Text;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Tests.Windows;

public sealed class FieldNamesTests
{
    [Fact]
    public void AFieldNameReadBackIsTheSameStringEachTimeAndSpelledAsStored()
    {
        var names = new FieldNames();

        var first = names.Read(Encoding.UTF8.GetBytes("lat:123"));
        var again = names.Read(Encoding.UTF8.GetBytes("lat:123"));
        var other = names.Read(Encoding.UTF8.GetBytes("err:délai"));

        Assert.Equal("lat:123", first);
        Assert.Same(first, again);
        Assert.Equal("err:délai", other);
    }

    [Fact]
    public void ANameLongerThanTheStackBufferIsStillReadWhole()
    {
        var names = new FieldNames();
        var name = "err:" + new string('x', 600);

        Assert.Equal(name, names.Read(Encoding.UTF8.GetBytes(name)));
    }
}
