namespace NovaConsole.Automation;

/// <summary>
/// A five-field cron expression (minute hour day-of-month month day-of-week; <c>*</c>, lists, ranges, steps; Sunday is
/// 0 or 7) read in a time zone. Occurrences walk UTC minutes and look at local time, which gives the daylight-saving
/// behaviour the issue asks for: a local time that does not exist (spring forward) fires at the next valid instant,
/// a local time that happens twice (fall back) fires once.
/// </summary>
internal sealed class CronSchedule
{
    private readonly bool[] _minutes = new bool[60], _hours = new bool[24], _days = new bool[32], _months = new bool[13], _weekdays = new bool[7];
    private readonly bool _anyDay, _anyWeekday;

    private CronSchedule(string[] fields)
    {
        Fill(_minutes, fields[0], 0, 59, "minute");
        Fill(_hours, fields[1], 0, 23, "hour");
        Fill(_days, fields[2], 1, 31, "day of month");
        Fill(_months, fields[3], 1, 12, "month");
        var weekdays = new bool[8];
        Fill(weekdays, fields[4], 0, 7, "day of week");
        for (var d = 0; d < 7; d++) _weekdays[d] = weekdays[d] || (d == 0 && weekdays[7]);
        _anyDay = fields[2] == "*";
        _anyWeekday = fields[4] == "*";
    }

    public static CronSchedule Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5) throw new FormatException("a cron expression has five fields: minute hour day-of-month month day-of-week.");
        return new CronSchedule(fields);
    }

    /// <summary>Whether a local minute matches (day-of-month and day-of-week are OR-ed when both are restricted, as in cron).</summary>
    public bool Matches(DateTime local)
    {
        if (!_minutes[local.Minute] || !_hours[local.Hour] || !_months[local.Month]) return false;
        var day = _days[local.Day];
        var weekday = _weekdays[(int)local.DayOfWeek];
        return _anyDay ? weekday : _anyWeekday ? day : day || weekday;
    }

    /// <summary>The UTC instants in (<paramref name="after"/>, <paramref name="until"/>] at which the schedule fires in <paramref name="zone"/>.</summary>
    public IEnumerable<DateTimeOffset> Occurrences(DateTimeOffset after, DateTimeOffset until, TimeZoneInfo zone)
    {
        var minute = new DateTimeOffset(after.UtcTicks - after.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var latestLocal = TimeZoneInfo.ConvertTime(minute, zone).DateTime;
        for (minute = minute.AddMinutes(1); minute <= until; minute = minute.AddMinutes(1))
        {
            var local = TimeZoneInfo.ConvertTime(minute, zone).DateTime;
            if (local <= latestLocal) continue; // the repeated hour of a fall-back: already covered
            var fires = false;
            // Normally just this minute; after a spring-forward, also the local minutes that never happened.
            for (var candidate = latestLocal.AddMinutes(1); candidate <= local && !fires; candidate = candidate.AddMinutes(1)) fires = Matches(candidate);
            latestLocal = local;
            if (fires) yield return minute;
        }
    }

    private static void Fill(bool[] set, string field, int min, int max, string name)
    {
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, out var n) && n > 0 => (r, n),
                _ => throw new FormatException($"'{part}' is not a valid {name} field."),
            };
            int from, to;
            if (range == "*") (from, to) = (min, max);
            else if (range.Split('-') is [var a, var b] && int.TryParse(a, out from) && int.TryParse(b, out to)) { }
            else if (int.TryParse(range, out from)) to = step > 1 ? max : from;
            else throw new FormatException($"'{part}' is not a valid {name} field.");
            if (from < min || to > max || from > to) throw new FormatException($"{name} values run from {min} to {max}; '{part}' does not.");
            for (var v = from; v <= to; v += step) set[v] = true;
        }
    }
}
