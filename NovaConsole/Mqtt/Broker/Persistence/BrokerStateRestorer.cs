using NovaConsole.Mqtt.Broker.Routing;

namespace NovaConsole.Mqtt.Broker.Persistence;

/// <summary>Opens the state file at start and puts its retained messages and persistent sessions back, before any connection.</summary>
internal static class BrokerStateRestorer
{
    public static BrokerStateJournal Open(BrokerRuntime runtime, string path)
    {
        var file = BrokerStateFile.Open(path);
        BrokerStateSnapshot snapshot;
        try
        {
            snapshot = file.Load();
        }
        catch
        {
            file.Dispose();
            throw;
        }

        var journal = new BrokerStateJournal(file, runtime.Index.GetSubscriptions, runtime.Time, runtime.Logger);
        var trimmed = 0;
        foreach (var message in snapshot.Retained)
        {
            // Through the same limits as a client's RETAIN=1, so the file never holds more than the caps allow.
            var change = runtime.Retained.Set(message.Topic, message.Payload.Span, message.Qos, message.Owner);
            if (change is RetainedChange.RefusedOwnerLimit or RetainedChange.RefusedTotalLimit)
            {
                journal.RetainedChanged(message.Topic, null);
                trimmed++;
            }
        }

        runtime.Retained.Changed = journal.RetainedChanged;

        var now = runtime.Time.GetUtcNow();
        var timestamp = runtime.Time.GetTimestamp();
        var hours = runtime.Options.PersistentSessionExpiryHours;
        int restored = 0, expired = 0, messages = 0;
        foreach (var stored in snapshot.Sessions)
        {
            // A client connected when the broker stopped counts as away from now on.
            var away = stored.DetachedAt is { } detached && detached < now ? now - detached : TimeSpan.Zero;
            if (hours > 0 && away > TimeSpan.FromHours(hours))
            {
                journal.SessionRemoved(stored.ClientId);
                expired++;
                continue;
            }

            var session = runtime.CreateSession(stored.ClientId, stored.Owner, persistent: true);
            foreach (var subscription in stored.Subscriptions)
            {
                SubscriptionRecord.Restore(runtime.Index, session, subscription);
            }

            session.UseJournal(journal);
            trimmed += session.Restore(stored);
            messages += stored.Messages.Count;
            runtime.Sessions.Restore(session, timestamp - (long)(away.TotalSeconds * runtime.Time.TimestampFrequency));
            if (stored.DetachedAt is null)
            {
                journal.SessionSaved(session, connected: false);
            }

            restored++;
        }

        runtime.Sessions.Journal = journal;
        journal.Start();
        BrokerStateLog.Restored(runtime.Logger, path, restored, expired, messages, snapshot.Retained.Count - trimmed);
        if (trimmed > 0)
        {
            BrokerStateLog.RestoreTrimmed(runtime.Logger, trimmed, "retained messages over Mqtt:MaxRetained*, or queued messages over Mqtt:MaxQueuedMessagesPerSession");
        }

        return journal;
    }
}
