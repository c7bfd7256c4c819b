using System.Net;

namespace NovaConsole.Bench.Client;

/// <summary>
/// Opens many clients with a bounded number of handshakes in flight (a burst of thousands of SYNs overflows
/// the broker's listen backlog and turns into one-second retransmits), spreading them over source addresses.
/// </summary>
internal static class ConnectionFactory
{
    /// <summary>127.0.0.2, 127.0.0.3, ... for connection <paramref name="globalIndex"/>, <paramref name="perAddress"/> each.</summary>
    public static IPAddress SourceAddress(int globalIndex, int perAddress)
    {
        int slot = globalIndex / Math.Max(1, perAddress);
        if (slot > 250 * 255) throw new ArgumentOutOfRangeException(nameof(globalIndex), "out of 127.0.0.0/8 source addresses");
        // 127.0.0.2 .. 127.0.0.254, then 127.0.1.1 and on: stays inside 127.0.0.0/8 (loopback only).
        int host = 2 + slot;
        return new IPAddress(new byte[] { 127, 0, (byte)(host / 254), (byte)(host % 254 == 0 ? 254 : host % 254) });
    }

    public static async Task<MqttBenchClient[]> ConnectManyAsync(ClientSettings settings, int count,
        Func<int, string> clientId, Func<int, IPAddress?> sourceAddress, int concurrency, CancellationToken cancellationToken)
    {
        var clients = new MqttBenchClient[count];
        int next = -1;
        var workers = new Task[Math.Clamp(concurrency, 1, Math.Max(1, count))];
        for (int w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                // Each worker claims the next index until all are taken: bounded by count.
                while (true)
                {
                    int i = Interlocked.Increment(ref next);
                    if (i >= count) return;
                    clients[i] = await MqttBenchClient.ConnectAsync(settings, clientId(i), sourceAddress(i), cancellationToken).ConfigureAwait(false);
                }
            }, cancellationToken);
        }
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch
        {
            await DisconnectAllAsync(clients).ConfigureAwait(false);
            throw;
        }
        return clients;
    }

    /// <summary>
    /// Like <see cref="ConnectManyAsync"/> but keeps going past failures (a connection-count test wants to know
    /// how many were refused); gives up after <paramref name="maxFailures"/> failures.
    /// </summary>
    public static async Task<(List<MqttBenchClient> Clients, int Failed, string? FirstError)> ConnectManyTolerantAsync(
        ClientSettings settings, int count, Func<int, string> clientId, Func<int, IPAddress?> sourceAddress,
        int concurrency, int maxFailures, CancellationToken cancellationToken)
    {
        var clients = new MqttBenchClient?[count];
        int next = -1, failed = 0;
        string? firstError = null;
        var workers = new Task[Math.Clamp(concurrency, 1, Math.Max(1, count))];
        for (int w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (Volatile.Read(ref failed) < maxFailures && !cancellationToken.IsCancellationRequested)
                {
                    int i = Interlocked.Increment(ref next);
                    if (i >= count) return;
                    try
                    {
                        clients[i] = await MqttBenchClient.ConnectAsync(settings, clientId(i), sourceAddress(i), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref firstError, ex.GetType().Name + ": " + ex.Message, null);
                    }
                }
            }, cancellationToken);
        }
        await Task.WhenAll(workers).ConfigureAwait(false);
        int notTried = Math.Max(0, count - 1 - Volatile.Read(ref next));
        return (clients.Where(c => c is not null).Select(c => c!).ToList(), failed + notTried, firstError);
    }

    public static async Task DisconnectAllAsync(IReadOnlyList<MqttBenchClient?> clients)
    {
        const int batch = 256;
        for (int i = 0; i < clients.Count; i += batch)
        {
            var tasks = new List<Task>(batch);
            for (int j = i; j < Math.Min(clients.Count, i + batch); j++)
            {
                if (clients[j] is { } c) tasks.Add(c.DisconnectAsync().AsTask());
            }
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }
}
