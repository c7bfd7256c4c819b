namespace NovaConsole.Tests.Infrastructure;

/// <summary>Waits for a condition another thread, process or background writer brings about, bounded in time (a wait on state, not a sleep).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }

    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (deadline.IsCancellationRequested) throw new TimeoutException($"The condition did not hold in time; last value: {value}");
            await Task.Delay(25, CancellationToken.None);
        }
    }
}
