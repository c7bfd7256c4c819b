using NovaConsole.Automation;

namespace NovaConsole.Tests.Automation;

/// <summary>The pure rule state machine on a virtual clock, against an independently written reference model.</summary>
public sealed class RuleMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static ThresholdTrigger Above(double value, double deadband = 0, double forSeconds = 0, double clearForSeconds = 0, TimeSpan? maxAge = null) =>
        new(RuleScope.Everything, "temperature", ThresholdOperator.Greater, value, null, deadband,
            TimeSpan.FromSeconds(forSeconds), TimeSpan.FromSeconds(clearForSeconds), maxAge);

    private static RuleMachine Machine(RuleTrigger trigger, FiringPolicy? policy = null) => new(trigger, policy ?? FiringPolicy.Default);

    [Fact]
    public void A_thousand_random_sequences_fire_exactly_when_the_reference_model_says()
    {
        var random = new Random(1313);
        var fired = 0;
        for (var run = 0; run < 1000; run++)
        {
            var forSeconds = new[] { 0, 5, 15, 30 }[random.Next(4)];
            var deadband = new[] { 0.0, 1.0, 2.0 }[random.Next(3)];
            var clearFor = new[] { 0, 10 }[random.Next(2)];
            var trigger = Above(30, deadband, forSeconds, clearFor);
            var points = new List<ReplayPoint>();
            var t = T0;
            for (var i = 0; i < random.Next(1, 80); i++)
            {
                t += TimeSpan.FromSeconds(random.Next(1, 20));
                double? value = random.Next(20) == 0 ? null : 25 + random.Next(21) * 0.5;
                points.Add(new ReplayPoint(t, value));
            }
            var end = t + TimeSpan.FromSeconds(100);

            var actual = RuleReplay.Run(Machine(trigger), points, T0, end).Select(f => f.At).ToList();
            var expected = Reference(points, end, 30, deadband, TimeSpan.FromSeconds(forSeconds), TimeSpan.FromSeconds(clearFor));

            Assert.True(expected.SequenceEqual(actual),
                $"run {run} (for {forSeconds}s, deadband {deadband}, clearFor {clearFor}s): expected [{string.Join(", ", expected.Select(e => (e - T0).TotalSeconds))}], " +
                $"fired [{string.Join(", ", actual.Select(e => (e - T0).TotalSeconds))}]; points {string.Join(" ", points.Select(p => $"{(p.At - T0).TotalSeconds}:{p.Value?.ToString() ?? "?"}"))}");
            fired += actual.Count;
        }
        Assert.True(fired > 200, $"the sequences exercised too few firings ({fired})");
    }

    /// <summary>
    /// The issue's semantics written as runs over a piecewise-constant signal: armed, a run of points where the
    /// predicate holds fires at its start + for if the run lasts that long; disarmed, a run of points beyond the
    /// deadband re-arms at its start + clearFor if it lasts that long. Unknown values break both kinds of run; the
    /// first known value is a baseline (true: disarmed without firing).
    /// </summary>
    private static List<DateTimeOffset> Reference(List<ReplayPoint> points, DateTimeOffset end, double threshold, double deadband, TimeSpan forTime, TimeSpan clearFor)
    {
        bool P(int i) => points[i].Value is { } v && v > threshold;
        bool Q(int i) => points[i].Value is { } v && v <= threshold - deadband;
        DateTimeOffset EndOf(int i) => i + 1 < points.Count ? points[i + 1].At : end;
        var fires = new List<DateTimeOffset>();
        var k = points.FindIndex(p => p.Value is not null);
        if (k < 0) return fires;
        var armed = !P(k);
        var i = armed ? k : k + 1;
        while (i < points.Count)
        {
            Func<int, bool> wanted = armed ? P : Q;
            if (!wanted(i))
            {
                i++;
                continue;
            }
            var last = i;
            while (last + 1 < points.Count && wanted(last + 1)) last++;
            var due = points[i].At + (armed ? forTime : clearFor);
            if (due <= EndOf(last))
            {
                if (armed) fires.Add(due);
                armed = !armed;
            }
            i = last + 1;
        }
        return fires;
    }

    [Fact]
    public void A_value_flapping_around_the_threshold_within_the_deadband_fires_once()
    {
        var points = Enumerable.Range(0, 600).Select(s => new ReplayPoint(T0.AddSeconds(s), s % 2 == 0 ? 29.9 : 30.1));

        var firings = RuleReplay.Run(Machine(Above(30, deadband: 1)), points, T0, T0.AddMinutes(10));

        Assert.Equal(T0.AddSeconds(1), Assert.Single(firings).At);
    }

    [Fact]
    public void Without_a_deadband_the_same_flapping_fires_on_every_crossing()
    {
        var points = Enumerable.Range(0, 600).Select(s => new ReplayPoint(T0.AddSeconds(s), s % 2 == 0 ? 29.9 : 30.1));

        Assert.Equal(300, RuleReplay.Run(Machine(Above(30)), points, T0, T0.AddMinutes(10)).Count);
    }

    [Fact]
    public void Unknown_values_never_fire_or_arm()
    {
        var machine = Machine(Above(30, forSeconds: 10, maxAge: TimeSpan.FromMinutes(1)));
        var state = machine.Start(T0);
        // Not a number, then a value measured too long ago: neither sets a baseline nor arms.
        state = machine.Reading(state, null, T0, T0).State;
        state = machine.Reading(state, 45, T0.AddMinutes(-5), T0.AddSeconds(1)).State;
        Assert.Equal(RulePhase.Unknown, state.Phase);
        // The first known value, already above: a baseline, not a crossing.
        var step = machine.Reading(state, 45, T0.AddSeconds(2), T0.AddSeconds(2));
        Assert.Null(step.Fired);
        Assert.Equal(RulePhase.Active, step.State.Phase);
        state = RuleReplay.AdvanceTo(machine, step.State, T0.AddHours(1));
        Assert.Null(state.DueAt);

        // Armed, then an unknown value breaks the `for`.
        state = machine.Reading(state, 20, T0.AddHours(1), T0.AddHours(1)).State;
        state = machine.Reading(state, 35, T0.AddHours(1).AddSeconds(1), T0.AddHours(1).AddSeconds(1)).State;
        Assert.Equal(RulePhase.Arming, state.Phase);
        state = machine.Reading(state, null, T0.AddHours(1).AddSeconds(2), T0.AddHours(1).AddSeconds(2)).State;
        var firings = new List<Firing>();
        RuleReplay.AdvanceTo(machine, state, T0.AddHours(2), firings);
        Assert.Empty(firings);
    }

    [Fact]
    public void Random_sequences_of_only_unknown_values_never_fire()
    {
        var random = new Random(7);
        var machine = Machine(Above(30), new FiringPolicy(TimeSpan.Zero, null, 0, FireIfTrueWhenEnabled: true));
        var points = Enumerable.Range(0, 1000).Select(s => new ReplayPoint(T0.AddSeconds(s), random.Next(3) == 0 ? double.NaN : null));

        Assert.Empty(RuleReplay.Run(machine, points, T0, T0.AddHours(1)));
    }

    [Fact]
    public void Fire_if_already_true_when_enabled_fires_on_the_first_value()
    {
        var machine = Machine(Above(30), new FiringPolicy(TimeSpan.Zero, null, 0, FireIfTrueWhenEnabled: true));

        var step = machine.Reading(machine.Start(T0), 31, T0, T0);

        Assert.Equal(FireReason.AlreadyTrue, step.Fired?.Reason);
    }

    [Fact]
    public void For_is_a_timer_that_fires_with_no_new_message()
    {
        var machine = Machine(Above(30, forSeconds: 30));
        var state = machine.Reading(machine.Start(T0), 20, T0, T0).State;
        state = machine.Reading(state, 31, T0.AddSeconds(1), T0.AddSeconds(1)).State;

        Assert.Equal(T0.AddSeconds(31), state.DueAt);
        Assert.Null(machine.Tick(state, T0.AddSeconds(30)).Fired);
        var fired = machine.Tick(state, T0.AddSeconds(31));
        Assert.Equal(T0.AddSeconds(31), fired.Fired?.At);
        Assert.Equal(RulePhase.Active, fired.State.Phase);
    }

    [Fact]
    public void Cooldown_holds_back_a_second_crossing_and_repeat_fires_at_most_n_times_while_active()
    {
        var cooled = Machine(Above(30), new FiringPolicy(TimeSpan.FromMinutes(5), null, 0, false));
        var points = new[] { 20.0, 31, 20, 31, 20 }.Select((v, i) => new ReplayPoint(T0.AddMinutes(i), v));
        Assert.Single(RuleReplay.Run(cooled, points, T0, T0.AddHours(1)));

        var repeating = Machine(Above(30), new FiringPolicy(TimeSpan.Zero, TimeSpan.FromMinutes(1), 3, false));
        var firings = RuleReplay.Run(repeating, [new(T0, 20), new(T0.AddSeconds(1), 31)], T0, T0.AddHours(1));
        Assert.Equal([FireReason.Crossed, FireReason.Repeat, FireReason.Repeat, FireReason.Repeat], firings.Select(f => f.Reason));
    }

    [Theory]
    [InlineData("GreaterOrEqual", 30, null, 30, "True")]
    [InlineData("GreaterOrEqual", 30, null, 29.5, "Band")]
    [InlineData("Less", 10, null, 9, "True")]
    [InlineData("Less", 10, null, 10.5, "Band")]
    [InlineData("Less", 10, null, 11, "Clear")]
    [InlineData("LessOrEqual", 10, null, 10, "True")]
    [InlineData("Equal", 5, null, 5, "True")]
    [InlineData("Equal", 5, null, 7, "Clear")]
    [InlineData("NotEqual", 5, null, 7, "True")]
    [InlineData("NotEqual", 5, null, 5, "Clear")]
    [InlineData("Between", 10, 20.0, 15, "True")]
    [InlineData("Between", 10, 20.0, 20.5, "Band")]
    [InlineData("Between", 10, 20.0, 22, "Clear")]
    [InlineData("Outside", 10, 20.0, 25, "True")]
    [InlineData("Outside", 10, 20.0, 10.5, "Band")]
    [InlineData("Outside", 10, 20.0, 15, "Clear")]
    public void Operators_classify_with_a_deadband_of_one(string op, double value, double? upper, double reading, string expected)
    {
        var trigger = new ThresholdTrigger(RuleScope.Everything, "k", Enum.Parse<ThresholdOperator>(op), value, upper, 1, TimeSpan.Zero, TimeSpan.Zero, null);
        Assert.Equal(Enum.Parse<Verdict>(expected), ThresholdCheck.Classify(trigger, reading));
    }

    [Fact]
    public void A_pending_for_whose_deadline_passed_during_a_restart_fires_once_only_if_the_latest_value_still_qualifies()
    {
        var machine = Machine(Above(30, forSeconds: 60));
        var arming = machine.Reading(machine.Reading(machine.Start(T0), 20, T0, T0).State, 31, T0.AddSeconds(1), T0.AddSeconds(1)).State;
        var afterRestart = T0.AddMinutes(10);

        var still = machine.Restore(arming, Verdict.True, afterRestart);
        Assert.Equal(FireReason.DeadlineAtStart, still.Fired?.Reason);
        Assert.Null(machine.Restore(still.State, Verdict.True, afterRestart.AddMinutes(1)).Fired);

        var fell = machine.Restore(arming, Verdict.Clear, afterRestart);
        Assert.Null(fell.Fired);
        Assert.Equal(RulePhase.Unknown, fell.State.Phase);
    }

    [Fact]
    public void No_data_fires_after_the_silence_and_re_arms_on_the_next_message()
    {
        var machine = Machine(new NoDataTrigger(RuleScope.Everything, null, TimeSpan.FromMinutes(5)));
        var points = new ReplayPoint[] { new(T0.AddMinutes(1), 1), new(T0.AddMinutes(20), 1) };

        var firings = RuleReplay.Run(machine, points, T0, T0.AddMinutes(22));

        Assert.Equal([T0.AddMinutes(6)], firings.Select(f => f.At));
    }

    [Fact]
    public void Changed_ignores_the_baseline_and_fires_on_each_change_by_at_least_the_delta()
    {
        var machine = Machine(new ChangedTrigger(RuleScope.Everything, "k", null, 2));
        var points = new[] { 10.0, 11, 12, 12, 13, 15 }.Select((v, i) => new ReplayPoint(T0.AddSeconds(i), v));

        Assert.Equal([12.0, 15], RuleReplay.Run(machine, points, T0, T0.AddMinutes(1)).Select(f => f.Value!.Value));
    }
}
