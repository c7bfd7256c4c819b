namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>
/// The connect timeouts and keep-alive deadlines of every connection of a broker, on one timer of its
/// <see cref="TimeProvider"/>: a timer per connection cost ~200 bytes each, a heap entry costs 8.
/// </summary>
/// <remarks>
/// A binary min-heap of connections ordered by due time (a timestamp of the TimeProvider), the timer armed for the
/// earliest. Deadlines fire at their exact time, so a manual clock in tests sees the same closes as a timer each.
/// A connection moves its deadline only when the old one comes due (keep-alive is re-checked for the time left, not
/// pushed back on every packet), so the heap is touched about once per keep-alive period per connection.
/// </remarks>
internal sealed class ConnectionDeadlines
{
    private const int NotScheduled = -1;
    private const int Retired = -2;

    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private MqttConnection[] _heap = new MqttConnection[16];
    private int _count;
    private long _armedFor = long.MaxValue;

    public ConnectionDeadlines(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(static state => ((ConnectionDeadlines)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Number of connections with a deadline.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Sets (or moves) the connection's deadline; ignored once the connection was retired.</summary>
    public void Schedule(MqttConnection connection, long due)
    {
        lock (_lock)
        {
            var slot = connection.DeadlineSlot;
            if (slot == Retired)
            {
                return;
            }

            connection.DeadlineDue = due;
            if (slot == NotScheduled)
            {
                if (_count == _heap.Length)
                {
                    Array.Resize(ref _heap, _heap.Length * 2);
                }

                slot = _count++;
                Place(connection, slot);
            }

            SiftDown(SiftUp(slot));
            ArmLocked();
        }
    }

    /// <summary>Drops the connection's deadline for good (it is closing); later <see cref="Schedule"/> calls are ignored.</summary>
    public void Retire(MqttConnection connection)
    {
        lock (_lock)
        {
            var slot = connection.DeadlineSlot;
            connection.DeadlineSlot = Retired;
            if (slot >= 0)
            {
                RemoveAt(slot);
            }
        }
    }

    private void OnTimer()
    {
        // Connections are called outside the lock: they abort or schedule again, which takes it.
        List<MqttConnection>? due = null;
        long now;
        lock (_lock)
        {
            now = _time.GetTimestamp();
            while (_count > 0 && _heap[0].DeadlineDue <= now)
            {
                (due ??= []).Add(_heap[0]);
                RemoveAt(0);
            }

            _armedFor = long.MaxValue;
            ArmLocked();
        }

        if (due is null)
        {
            return;
        }

        foreach (var connection in due)
        {
            if (connection.OnDeadline(now) is { } next)
            {
                Schedule(connection, next);
            }
        }
    }

    private void ArmLocked()
    {
        if (_count == 0 || _heap[0].DeadlineDue >= _armedFor)
        {
            return;
        }

        _armedFor = _heap[0].DeadlineDue;
        var delay = _time.GetElapsedTime(_time.GetTimestamp(), _armedFor);
        _timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void RemoveAt(int slot)
    {
        _heap[slot].DeadlineSlot = NotScheduled;
        var last = _heap[--_count];
        _heap[_count] = null!;
        if (slot < _count)
        {
            Place(last, slot);
            SiftDown(SiftUp(slot));
        }
    }

    private int SiftUp(int slot)
    {
        var item = _heap[slot];
        while (slot > 0)
        {
            var parent = (slot - 1) / 2;
            if (_heap[parent].DeadlineDue <= item.DeadlineDue)
            {
                break;
            }

            Place(_heap[parent], slot);
            slot = parent;
        }

        Place(item, slot);
        return slot;
    }

    private void SiftDown(int slot)
    {
        var item = _heap[slot];
        while (true)
        {
            var child = (2 * slot) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _heap[child + 1].DeadlineDue < _heap[child].DeadlineDue)
            {
                child++;
            }

            if (item.DeadlineDue <= _heap[child].DeadlineDue)
            {
                break;
            }

            Place(_heap[child], slot);
            slot = child;
        }

        Place(item, slot);
    }

    private void Place(MqttConnection connection, int slot)
    {
        _heap[slot] = connection;
        connection.DeadlineSlot = slot;
    }
}
