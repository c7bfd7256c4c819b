using NovaConsole.Accounts;

namespace NovaConsole.Tests.Accounts;

public sealed class PasswordPolicyRulesTests
{
    [Fact]
    public void The_built_in_list_holds_a_few_hundred_common_passwords_of_the_minimum_length()
    {
        Assert.Equal(400, CommonPasswords.Count);
        Assert.True(CommonPasswords.Contains("QWERTYUIOP"));
        Assert.False(CommonPasswords.Contains("correct-horse-battery"));
    }

    [Theory]
    [InlineData("correct-horse-battery", "admin")]
    [InlineData("admin-of-the-greenhouse", "admin")]
    [InlineData("abababababab", "admin")]
    public void Long_uncommon_passwords_pass(string password, string username) =>
        Assert.Null(PasswordPolicy.Problem(password, username, PasswordPolicy.AbsoluteMinimumLength));

    [Theory]
    [InlineData("!!admin2024!!", "admin", "user name")]
    [InlineData("          ", "admin", "one character")]
    [InlineData("basketball", "admin", "too common")]
    public void Trivial_passwords_fail(string password, string username, string reason) =>
        Assert.Contains(reason, PasswordPolicy.Problem(password, username, PasswordPolicy.AbsoluteMinimumLength)?.English);
}
