using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace NovaConsole.Audit;

/// <summary>
/// Names the console user as the actor of every event a circuit handles (a button's handler calling a service),
/// with the address the circuit's connection came from.
/// </summary>
internal sealed class AuditCircuitHandler(AuthenticationStateProvider authentication, IHttpContextAccessor accessor) : CircuitHandler
{
    private string? _address;

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _address = accessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? _address;
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var state = await authentication.GetAuthenticationStateAsync();
            AuditContext.Set(AuditActor.Of(state.User, _address));
            await next(context);
        };
}
