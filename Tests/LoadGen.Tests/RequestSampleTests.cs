namespace LoadGen.Tests;

public sealed class RequestSampleTests
{
    [Fact]
    public void TimePerOutputTokenSpreadsTheTimeAfterTheFirstTokenOverTheRest()
    {
        var sample = new RequestSample(200, null, 0.120, 0.100, 0.010, 10, -1, Streamed: true);
        Assert.Equal(0.010, sample.TimePerOutputToken, 9);
    }

    [Fact]
    public void TimePerOutputTokenIsUndefinedWithoutStreamingOrWithOneToken()
    {
        Assert.True(double.IsNaN(new RequestSample(200, null, 0.1, 0.1, 0.1, 10, -1).TimePerOutputToken));
        Assert.True(double.IsNaN(new RequestSample(200, null, 0.1, 0.1, 0.01, 1, -1, Streamed: true).TimePerOutputToken));
    }
}
