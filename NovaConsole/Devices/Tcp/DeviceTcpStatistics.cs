namespace NovaConsole.Devices.Tcp;

/// <summary>Counters for the console and benchmarks; updated with interlocked adds, read as a snapshot.</summary>
internal sealed class DeviceTcpStatistics
{
    private long _open, _authenticated, _received, _sent, _refused, _authFailures;

    public void ConnectionOpened() => Interlocked.Increment(ref _open);

    public void ConnectionClosed(bool wasAuthenticated)
    {
        Interlocked.Decrement(ref _open);
        if (wasAuthenticated) Interlocked.Decrement(ref _authenticated);
    }

    public void MessageReceived() => Interlocked.Increment(ref _received);
    public void MessageSent() => Interlocked.Increment(ref _sent);
    public void MessageRefused() => Interlocked.Increment(ref _refused);
    public void AuthFailed() => Interlocked.Increment(ref _authFailures);
    public void Authenticated() => Interlocked.Increment(ref _authenticated);

    public DeviceTcpStatisticsSnapshot Snapshot() => new(
        Interlocked.Read(ref _open), Interlocked.Read(ref _authenticated), Interlocked.Read(ref _received),
        Interlocked.Read(ref _sent), Interlocked.Read(ref _refused), Interlocked.Read(ref _authFailures));
}

internal sealed record DeviceTcpStatisticsSnapshot(long OpenConnections, long AuthenticatedConnections, long MessagesReceived, long MessagesSent, long MessagesRefused, long AuthFailures);
