using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NovaConsole.Scheduling;

namespace NovaConsole.Tests.Scheduling;

public sealed class HangfireServerServiceTests
{
    [Fact]
    public async Task A_stop_whose_shutdown_time_has_run_out_abandons_the_jobs_instead_of_failing_the_host()
    {
        using var storage = new InMemoryStorage(new InMemoryStorageOptions());
        using var services = new ServiceCollection().BuildServiceProvider();
        using var server = new HangfireServerService(storage, new Hangfire.AspNetCore.AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()),
            JobFilterProviders.Providers, new DefaultTimeZoneResolver(), NullLogger<HangfireServerService>.Instance);
        await server.StartAsync(CancellationToken.None);

        // Kestrel used the host's whole shutdown budget: the token is cancelled before the server is asked to stop.
        await server.StopAsync(new CancellationToken(canceled: true));
    }
}
