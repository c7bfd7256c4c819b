using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace NovaConsole.Hosting;

/// <summary>
/// The console's HTTP listeners. The device listeners are configured in code, which makes Kestrel ignore
/// <c>--urls</c>; so we read the usual <c>urls</c> setting ourselves and bind each address explicitly.
/// </summary>
internal static class HttpListenerSetup
{
    public const string DefaultUrls = "http://0.0.0.0:5000";

    public static IHostApplicationBuilder AddConsoleHttp(this WebApplicationBuilder builder)
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls)) urls = DefaultUrls;
        var addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(BindingAddress.Parse).ToList();
        // Kestrel would otherwise warn that it overrides these addresses with ours. An empty value would
        // fall back to the host's copy of --urls, so leave a separator that names no address.
        builder.Configuration[WebHostDefaults.ServerUrlsKey] = ";";

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var registry = kestrel.ApplicationServices.GetRequiredService<ListenerRegistry>();
            foreach (var address in addresses)
            {
                var https = address.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase);
                kestrel.Listen(ResolveHost(address.Host), address.Port, listen =>
                {
                    if (https) listen.UseHttps(kestrel.ApplicationServices.GetRequiredService<ServerCertificate>().Certificate);
                    registry.Add(https ? "https" : "http", address.Scheme.ToLowerInvariant(), listen);
                });
            }
        });
        return builder;
    }

    private static IPAddress ResolveHost(string host) => host switch
    {
        "*" or "+" or "" or "0.0.0.0" => IPAddress.Any,
        "[::]" or "::" => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.TryParse(host.Trim('[', ']'), out var ip)
            ? ip
            : throw new InvalidOperationException($"Cannot listen on '{host}': use an IP address, localhost, or * in --urls."),
    };
}
