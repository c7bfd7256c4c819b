using Quartz;
using Quartz.Spi;

namespace NovaConsole.Scheduling;

/// <summary>Quartz builds jobs through DI, each run in its own scope (the Quartz DI packages are not reachable here).</summary>
internal sealed class ServiceProviderJobFactory(IServiceScopeFactory scopes) : IJobFactory
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IJob, IServiceScope> _scopes = new();

    public IJob NewJob(TriggerFiredBundle bundle, IScheduler scheduler)
    {
        var scope = scopes.CreateScope();
        var job = (IJob)scope.ServiceProvider.GetRequiredService(bundle.JobDetail.JobType);
        _scopes.AddOrUpdate(job, scope);
        return job;
    }

    public void ReturnJob(IJob job)
    {
        if (_scopes.TryGetValue(job, out var scope))
        {
            _scopes.Remove(job);
            scope.Dispose();
        }
    }
}
