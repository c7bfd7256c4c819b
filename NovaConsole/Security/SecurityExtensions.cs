namespace NovaConsole.Security;

internal static class SecurityExtensions
{
    public static IHostApplicationBuilder AddSecrets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InstallSecret>();
        builder.Services.AddSingleton<SecretHasher>();
        return builder;
    }
}
