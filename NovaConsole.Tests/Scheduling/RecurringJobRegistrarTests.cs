using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Logging.Abstractions;
using NovaConsole.Scheduling;

namespace NovaConsole.Tests.Scheduling;

/// <summary>The seam later jobs (OTA campaigns, automation schedules) use: declared once, registered with Hangfire at start.</summary>
public sealed class RecurringJobRegistrarTests
{
    [Fact]
    public async Task Each_declared_job_is_registered_with_its_cron_and_named_time_zone()
    {
        var manager = new RecordingManager();
        var registrar = Registrar(manager, new RecurringJobDefinition("nightly-report", typeof(SampleJob), "0 2 * * 1-5", "Europe/Berlin", RunAtStart: false));

        await registrar.StartAsync(CancellationToken.None);

        var (id, job, cron, options) = Assert.Single(manager.Registered);
        Assert.Equal("nightly-report", id);
        Assert.Equal(typeof(SampleJob), job.Type);
        Assert.Equal(nameof(IScheduledJob.RunAsync), job.Method.Name);
        Assert.Equal("0 2 * * 1-5", cron);
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), options.TimeZone);
        Assert.Empty(manager.Triggered);
    }

    [Fact]
    public async Task A_job_that_catches_up_at_start_is_triggered_once_after_registration()
    {
        var manager = new RecordingManager();
        var registrar = Registrar(manager,
            new RecurringJobDefinition("catch-up", typeof(SampleJob), "*/5 * * * *", "UTC", RunAtStart: true),
            new RecurringJobDefinition("plain", typeof(SampleJob), "0 * * * *", "UTC", RunAtStart: false));

        await registrar.StartAsync(CancellationToken.None);

        Assert.Equal(["catch-up"], manager.Triggered);
    }

    [Fact]
    public async Task An_unknown_time_zone_stops_the_start_with_a_message_that_names_it()
    {
        var registrar = Registrar(new RecordingManager(), new RecurringJobDefinition("x", typeof(SampleJob), "0 * * * *", "Mars/Olympus_Mons", RunAtStart: false));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => registrar.StartAsync(CancellationToken.None));

        Assert.Contains("Mars/Olympus_Mons", error.Message);
    }

    private static RecurringJobRegistrar Registrar(IRecurringJobManager manager, params RecurringJobDefinition[] definitions) =>
        new(definitions, manager, NullLogger<RecurringJobRegistrar>.Instance);

    internal sealed class SampleJob : IScheduledJob
    {
        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class RecordingManager : IRecurringJobManager
    {
        public List<(string Id, Job Job, string Cron, RecurringJobOptions Options)> Registered { get; } = [];

        public List<string> Triggered { get; } = [];

        public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options) =>
            Registered.Add((recurringJobId, job, cronExpression, options));

        public void Trigger(string recurringJobId) => Triggered.Add(recurringJobId);

        public void RemoveIfExists(string recurringJobId) => throw new NotSupportedException();
    }
}
