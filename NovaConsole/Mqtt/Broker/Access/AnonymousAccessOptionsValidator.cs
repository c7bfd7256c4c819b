using Microsoft.Extensions.Options;

namespace NovaConsole.Mqtt.Broker.Access;

/// <summary>Refuses bad rules at start-up, naming the configuration key of each problem.</summary>
internal sealed class AnonymousAccessOptionsValidator : IValidateOptions<AnonymousAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AnonymousAccessOptions options)
    {
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Check(AnonymousAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (int i = 0; i < options.AnonymousRules.Count; i++)
        {
            var rule = options.AnonymousRules[i];
            if (rule is null)
            {
                errors.Add($"{AnonymousAccessOptions.SectionName}:AnonymousRules:{i} is empty.");
            }
            else if (!AccessRule.TryParse(rule, out _, out var error))
            {
                errors.Add($"{AnonymousAccessOptions.SectionName}:AnonymousRules:{i}: {error}");
            }
        }

        return errors;
    }
}
