using AlloyShopifySlack.Emulator.Infrastructure;

namespace AlloyShopifySlack.Emulator.Alloy;

public sealed record EmulatedUser(string UserId, string? Username, string? FullName);

public sealed record EmulatedCredential(
    string CredentialId, string UserId, string ConnectorId, string Name, string Type,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Alloy users and their credentials. Thread-safe.</summary>
public sealed class AlloyDirectory
{
    private readonly object _gate = new();
    private readonly List<EmulatedUser> _users = new();
    private readonly List<EmulatedCredential> _credentials = new();

    public IReadOnlyList<EmulatedUser> Users { get { lock (_gate) return _users.ToList(); } }

    public IReadOnlyList<EmulatedCredential> Credentials { get { lock (_gate) return _credentials.ToList(); } }

    /// <summary>Adds a user; null when the username is taken (Alloy's answer to that is unconfirmed: we say 409).</summary>
    public EmulatedUser? AddUser(string username, string? fullName, string? userId = null)
    {
        lock (_gate)
        {
            if (_users.Any(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase))) return null;
            var user = new EmulatedUser(userId ?? Ids.NewObjectId(), username, fullName);
            _users.Add(user);
            return user;
        }
    }

    /// <summary>Finds a user by id or by username (Alloy accepts either in the path).</summary>
    public EmulatedUser? FindUser(string? idOrUsername)
    {
        if (string.IsNullOrEmpty(idOrUsername)) return null;
        lock (_gate)
        {
            return _users.FirstOrDefault(u => u.UserId == idOrUsername)
                ?? _users.FirstOrDefault(u => string.Equals(u.Username, idOrUsername, StringComparison.OrdinalIgnoreCase));
        }
    }

    public bool RemoveUser(string userId)
    {
        lock (_gate)
        {
            _credentials.RemoveAll(c => c.UserId == userId);
            return _users.RemoveAll(u => u.UserId == userId) > 0;
        }
    }

    public EmulatedCredential AddCredential(string userId, string connectorId, string type, DateTimeOffset now, string? credentialId = null)
    {
        lock (_gate)
        {
            var user = _users.First(u => u.UserId == userId);
            var owner = string.IsNullOrWhiteSpace(user.FullName) ? user.Username ?? "User" : user.FullName;
            var name = $"{owner}'s {ConnectorCatalog.DisplayName(connectorId)} Credential";
            var credential = new EmulatedCredential(credentialId ?? Ids.NewObjectId(), userId, connectorId, name, type, now, now);
            _credentials.Add(credential);
            return credential;
        }
    }

    public EmulatedCredential? FindCredential(string credentialId)
    {
        lock (_gate) return _credentials.FirstOrDefault(c => c.CredentialId == credentialId);
    }

    public IReadOnlyList<EmulatedCredential> CredentialsOf(string userId, string? connectorId = null)
    {
        lock (_gate)
        {
            return _credentials
                .Where(c => c.UserId == userId && (connectorId == null || string.Equals(c.ConnectorId, connectorId,
                    StringComparison.OrdinalIgnoreCase)))
                .OrderBy(c => c.CreatedAt).ToList();
        }
    }

    public bool RemoveCredential(string userId, string credentialId)
    {
        lock (_gate) return _credentials.RemoveAll(c => c.UserId == userId && c.CredentialId == credentialId) > 0;
    }

    public void Clear()
    {
        lock (_gate)
        {
            _users.Clear();
            _credentials.Clear();
        }
    }
}
