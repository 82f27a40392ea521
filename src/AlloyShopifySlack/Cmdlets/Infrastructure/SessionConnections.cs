using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Cmdlets.Infrastructure;

/// <summary>The connection set by Connect-Alloy, one per runspace (tests and hosts run several side by side).</summary>
internal static class SessionConnections
{
    private static readonly ConcurrentDictionary<Guid, AlloyConnection> Current = new ConcurrentDictionary<Guid, AlloyConnection>();
    private static readonly ConcurrentDictionary<Guid, (string Fingerprint, AlloyConnection Connection)> Implicit =
        new ConcurrentDictionary<Guid, (string, AlloyConnection)>();

    private static Guid Key => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

    public static AlloyConnection? Get() => Current.TryGetValue(Key, out var connection) ? connection : null;

    public static void Set(AlloyConnection connection)
    {
        if (Current.TryGetValue(Key, out var old) && !ReferenceEquals(old, connection)) old.Dispose();
        Current[Key] = connection;
    }

    public static AlloyConnection? Remove()
    {
        Current.TryRemove(Key, out var connection);
        if (Implicit.TryRemove(Key, out var implicitOne)) implicitOne.Connection.Dispose();
        return connection;
    }

    /// <summary>An implicit connection (from environment or .env), reused while its settings stay the same.</summary>
    public static AlloyConnection GetOrCreateImplicit(string fingerprint, Func<AlloyConnection> create)
    {
        if (Implicit.TryGetValue(Key, out var cached) && cached.Fingerprint == fingerprint) return cached.Connection;
        var connection = create();
        if (Implicit.TryGetValue(Key, out var old)) old.Connection.Dispose();
        Implicit[Key] = (fingerprint, connection);
        return connection;
    }
}
