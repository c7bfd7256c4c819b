namespace NovaConsole.Shared;

/// <summary>The result of a domain operation that can be refused for a reason a user should read.</summary>
internal readonly record struct Outcome(string? Error, OutcomeKind Kind = OutcomeKind.Ok)
{
    public bool Succeeded => Error is null;

    public static Outcome Ok() => new(null);
    public static Outcome Invalid(string error) => new(error, OutcomeKind.Invalid);
    public static Outcome NotFound(string error) => new(error, OutcomeKind.NotFound);
    public static Outcome Conflict(string error) => new(error, OutcomeKind.Conflict);
}

internal readonly record struct Outcome<T>(T? Value, string? Error, OutcomeKind Kind = OutcomeKind.Ok)
{
    public bool Succeeded => Error is null;

    public static implicit operator Outcome<T>(Outcome failure) => new(default, failure.Error, failure.Kind);
    public static Outcome<T> Ok(T value) => new(value, null);
}

internal enum OutcomeKind { Ok, Invalid, NotFound, Conflict }
