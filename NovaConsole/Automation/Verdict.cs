namespace NovaConsole.Automation;

/// <summary>
/// What one observation says about a level trigger: its predicate holds (True), the value is back beyond the deadband
/// (Clear), it is inside the deadband (Band: neither), or nothing can be said (Unknown: missing, not a number, too old).
/// </summary>
internal enum Verdict { Unknown, True, Clear, Band }

/// <summary>The threshold operators with their hysteresis.</summary>
internal static class ThresholdCheck
{
    /// <summary>
    /// With deadband d, <c>&gt; 30</c> holds above 30 and clears only at or below 30 - d; values between are the band,
    /// where an active rule stays active and an idle one stays idle (so 29.9 / 30.1 flapping with d = 1 fires once).
    /// </summary>
    public static Verdict Classify(ThresholdTrigger t, double value)
    {
        if (!double.IsFinite(value)) return Verdict.Unknown;
        var (a, d) = (t.Value, t.Deadband);
        var b = t.Upper ?? a;
        return t.Operator switch
        {
            ThresholdOperator.Greater => value > a ? Verdict.True : value <= a - d ? Verdict.Clear : Verdict.Band,
            ThresholdOperator.GreaterOrEqual => value >= a ? Verdict.True : value < a - d ? Verdict.Clear : Verdict.Band,
            ThresholdOperator.Less => value < a ? Verdict.True : value >= a + d ? Verdict.Clear : Verdict.Band,
            ThresholdOperator.LessOrEqual => value <= a ? Verdict.True : value > a + d ? Verdict.Clear : Verdict.Band,
            ThresholdOperator.Equal => value == a ? Verdict.True : Math.Abs(value - a) > d ? Verdict.Clear : Verdict.Band,
            ThresholdOperator.NotEqual => value != a ? Verdict.True : Verdict.Clear,
            ThresholdOperator.Between => value >= a && value <= b ? Verdict.True : value < a - d || value > b + d ? Verdict.Clear : Verdict.Band,
            _ => value < a || value > b ? Verdict.True : value >= a + d && value <= b - d ? Verdict.Clear : Verdict.Band,
        };
    }

    /// <summary>The predicate alone, without the deadband (what "held for `for`" means).</summary>
    public static bool Holds(ThresholdTrigger t, double value) => Classify(t, value) == Verdict.True;

    public static string Symbol(ThresholdOperator op) => op switch
    {
        ThresholdOperator.Greater => ">",
        ThresholdOperator.GreaterOrEqual => ">=",
        ThresholdOperator.Less => "<",
        ThresholdOperator.LessOrEqual => "<=",
        ThresholdOperator.Equal => "==",
        ThresholdOperator.NotEqual => "!=",
        ThresholdOperator.Between => "between",
        _ => "outside",
    };

    public static bool TryParse(string? text, out ThresholdOperator op)
    {
        foreach (var candidate in Enum.GetValues<ThresholdOperator>())
        {
            if (Symbol(candidate) == text?.Trim())
            {
                op = candidate;
                return true;
            }
        }
        op = default;
        return false;
    }
}
