using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Alloy;

public sealed record PendingConsent(string State, string UserId, string ConnectorId, string RedirectUri, DateTimeOffset CreatedAt);

/// <summary>OAuth consents started by POST /connectors/{c}/credentials and not yet answered on the consent page.</summary>
public sealed class ConsentBook
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PendingConsent> _pending = new();

    public PendingConsent Start(string userId, string connectorId, string redirectUri, DateTimeOffset now)
    {
        var consent = new PendingConsent(Ids.NewToken(), userId, connectorId, redirectUri, now);
        lock (_gate) _pending[consent.State] = consent;
        return consent;
    }

    public PendingConsent? Find(string? state)
    {
        if (string.IsNullOrEmpty(state)) return null;
        lock (_gate) return _pending.GetValueOrDefault(state);
    }

    /// <summary>Removes and returns the consent: each link can be answered once.</summary>
    public PendingConsent? Take(string? state)
    {
        if (string.IsNullOrEmpty(state)) return null;
        lock (_gate) return _pending.Remove(state, out var consent) ? consent : null;
    }

    public IReadOnlyList<PendingConsent> Pending { get { lock (_gate) return _pending.Values.ToList(); } }

    public void Clear() { lock (_gate) _pending.Clear(); }
}
