using NovaConsole.Security;

namespace NovaConsole.Tests.Security;

public sealed class SecretHasherTests
{
    [Fact]
    public void Secrets_are_printable_long_enough_and_never_start_with_a_dash_or_underscore()
    {
        // 1 in 32 raw secrets would start with '-' or '_'; 2,000 draws make a miss vanishingly unlikely.
        var secrets = Enumerable.Range(0, 2000).Select(_ => SecretHasher.NewSecret(24)).ToList();

        Assert.All(secrets, s => Assert.True(char.IsAsciiLetterOrDigit(s[0]), s));
        Assert.All(secrets, s => Assert.Matches("^[A-Za-z0-9_-]{32}$", s));
        Assert.Equal(secrets.Count, secrets.Distinct().Count());
    }
}
