using System.Diagnostics;
using System.Net.Sockets;

namespace AlloyShopifySlack.Common.Http;

/// <summary>What a connection is doing; only <see cref="Handling"/> is never cut short.</summary>
internal enum ConnectionPhase { Reading, Handling, Writing }

/// <summary>One admitted connection: its socket and how long it has been in its current phase.</summary>
internal sealed class ConnectionSlot
{
    private readonly TcpClient _client;
    private int _closed;

    public ConnectionSlot(TcpClient client)
    {
        _client = client;
        Enter(ConnectionPhase.Reading);
    }

    public ConnectionPhase Phase { get; private set; }
    /// <summary><see cref="Stopwatch"/> ticks when the phase began: a request that waits long has made the least progress.</summary>
    public long Since { get; private set; }
    public bool Closed => _closed != 0;

    public void Enter(ConnectionPhase phase)
    {
        Phase = phase;
        Since = Stopwatch.GetTimestamp();
    }

    /// <summary>Closes the socket: a read or write pending on it fails at once, which ends the connection's task.</summary>
    public void Close()
    {
        if (System.Threading.Interlocked.Exchange(ref _closed, 1) != 0) return;
        try { _client.Dispose(); }
        catch (ObjectDisposedException) { /* already gone */ }
    }
}

/// <summary>
/// The connection cap, without a lock-out: when every slot is taken, the connection that has waited longest for
/// its next byte to arrive or its answer to leave (idle, trickling, or not reading) is closed to make room, so
/// slow or idle clients cannot keep a valid request out. Only when every slot is busy handling is a client refused.
/// </summary>
internal sealed class ConnectionSlots
{
    private readonly object _gate = new object();
    private readonly HashSet<ConnectionSlot> _slots = new HashSet<ConnectionSlot>();

    public ConnectionSlots(int capacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        Capacity = capacity;
    }

    public int Capacity { get; }
    public long Evictions { get; private set; }

    public int Count
    {
        get { lock (_gate) return _slots.Count; }
    }

    /// <summary>Admits the connection, evicting the least busy one when full; false when all are handling requests.</summary>
    public bool TryAdmit(ConnectionSlot slot)
    {
        ConnectionSlot? victim = null;
        lock (_gate)
        {
            if (_slots.Count >= Capacity)
            {
                foreach (var candidate in _slots)
                    if (candidate.Phase != ConnectionPhase.Handling && (victim == null
                        || candidate.Since < victim.Since)) victim = candidate;
                if (victim == null) return false;
                _slots.Remove(victim);
                Evictions++;
            }
            _slots.Add(slot);
        }
        victim?.Close();
        return true;
    }

    public void Release(ConnectionSlot slot)
    {
        lock (_gate) _slots.Remove(slot);
    }
}
