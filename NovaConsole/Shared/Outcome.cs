namespace NovaConsole.Shared;

/// <summary>
/// The result of a domain operation that can be refused for a reason a user should read. A refusal made from a
/// <see cref="Shared.Problem"/> carries it, so the console can show the reason in the user's language.
/// </summary>
internal readonly record struct Outcome(string? Error, OutcomeKind Kind = OutcomeKind.Ok, Problem? Problem = null)
{
    public bool Succeeded => Error is null;

    public static Outcome Ok() => new(null);
    public static Outcome Invalid(string error) => new(error, OutcomeKind.Invalid);
    public static Outcome Invalid(Problem problem) => new(problem.English, OutcomeKind.Invalid, problem);
    public static Outcome NotFound(string error) => new(error, OutcomeKind.NotFound);
    public static Outcome NotFound(Problem problem) => new(problem.English, OutcomeKind.NotFound, problem);
    public static Outcome Conflict(string error) => new(error, OutcomeKind.Conflict);
    public static Outcome Conflict(Problem problem) => new(problem.English, OutcomeKind.Conflict, problem);
}

internal readonly record struct Outcome<T>(T? Value, string? Error, OutcomeKind Kind = OutcomeKind.Ok, Problem? Problem = null)
{
    public bool Succeeded => Error is null;

    /// <summary>This refusal as an outcome of another type (error, kind and problem kept).</summary>
    public Outcome Failure => new(Error, Kind, Problem);

    public static implicit operator Outcome<T>(Outcome failure) => new(default, failure.Error, failure.Kind, failure.Problem);
    public static Outcome<T> Ok(T value) => new(value, null);
}

internal enum OutcomeKind { Ok, Invalid, NotFound, Conflict }
