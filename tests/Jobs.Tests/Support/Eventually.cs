namespace Jobs.Tests.Support;

/// <summary>Waits for a condition by polling it until a deadline; the test fails with a description if it never holds.</summary>
public static class Eventually
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> expectation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out after {timeout} waiting for {expectation()}.");
            await Task.Delay(PollInterval, TestContext.Current.CancellationToken);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, Func<string> expectation) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, expectation);
}
