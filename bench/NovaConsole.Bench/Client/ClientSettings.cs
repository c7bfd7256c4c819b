using System.Net;

namespace NovaConsole.Bench.Client;

/// <summary>How every client of a run connects: the broker's endpoint, keep-alive and buffer sizes.</summary>
internal sealed record ClientSettings(
    IPEndPoint Broker,
    ushort KeepAliveSeconds,
    int ReceiveBufferSize,
    int ReplyBufferSize,
    string? UserName = null,
    string? Password = null,
    int MaxPacketSize = 1 << 20,
    int ConnectTimeoutMs = 15_000);
