namespace NovaConsole.Tests.Infrastructure;

/// <summary>Waits for a condition that a background writer makes true, checking until a bounded deadline.</summary>
public static class Eventually
{
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
