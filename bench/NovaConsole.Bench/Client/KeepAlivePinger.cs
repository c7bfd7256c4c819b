using System.Diagnostics;

namespace NovaConsole.Bench.Client;

/// <summary>
/// MQTT 3.1.1 §3.1.2.10: a client that has sent nothing for the keep-alive interval sends PINGREQ.
/// One sweep loop per process instead of one timer per connection.
/// </summary>
internal static class KeepAlivePinger
{
    public static async Task RunAsync(IReadOnlyList<MqttBenchClient> clients, ushort keepAliveSeconds, CancellationToken cancellationToken)
    {
        if (keepAliveSeconds == 0) return;
        var sweep = TimeSpan.FromSeconds(Math.Clamp(keepAliveSeconds / 6.0, 1, 10));
        // Ping once silent for (keep-alive - one sweep): at most keep-alive seconds between two sends.
        long threshold = (long)((keepAliveSeconds - sweep.TotalSeconds) * Stopwatch.Frequency);
        try
        {
            using var timer = new PeriodicTimer(sweep);
            // Ends with the run's cancellation; each sweep is bounded by the client count.
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                long now = Stopwatch.GetTimestamp();
                foreach (var client in clients)
                {
                    if (client.Failure is not null || now - client.LastSendTimestamp < threshold) continue;
                    try
                    {
                        await client.PingAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException)
                    {
                        // The client's receive loop reports the failure.
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
