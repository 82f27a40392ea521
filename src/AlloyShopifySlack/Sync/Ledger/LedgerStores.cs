using System.Runtime.CompilerServices;
using System.Security;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Sync.Ledger.Postgres;

namespace AlloyShopifySlack.Sync.Ledger;

/// <summary>Which store to use: a PostgreSQL connection (with an optional credential), else a folder.</summary>
public sealed class StateStoreSettings
{
    /// <summary>The state folder of the file store (used when there is no connection string).</summary>
    public string Directory { get; init; } = LedgerPaths.DefaultDirectory();
    /// <summary>A PostgreSQL connection string (keywords or a postgresql:// URL); a secret: never shown.</summary>
    public string? ConnectionString { get; init; }
    /// <summary>-StateCredential: replaces the connection string's user (when given) and password.</summary>
    public string? UserName { get; init; }
    public SecureString? Password { get; init; }
    public IClock Clock { get; init; } = SystemClock.Instance;
    public FileLedgerOptions FileOptions { get; init; } = new FileLedgerOptions();

    public bool UsesDatabase => !string.IsNullOrWhiteSpace(ConnectionString);
}

/// <summary>
/// Makes the store the settings ask for. Npgsql is only loaded when a connection string is given: nothing here
/// names one of its types, and the database store is made in a method of its own that is compiled (and so
/// loads the driver) only when it is called.
/// </summary>
public static class LedgerStores
{
    /// <exception cref="SyncStateException">The connection string cannot be read (the message never shows it).</exception>
    public static IOrderLedgerStore Create(StateStoreSettings settings) =>
        settings.UsesDatabase ? CreateDatabase(settings, Describe(settings))
            : new FileLedgerStore(settings.Directory, settings.Clock, settings.FileOptions);

    /// <summary>Where the settings point, for messages, without a password and without loading any driver.</summary>
    public static string Describe(StateStoreSettings settings)
    {
        if (!settings.UsesDatabase) return settings.Directory;
        var text = Parse(settings.ConnectionString!);
        return text.Describe(string.IsNullOrEmpty(settings.UserName) ? null : settings.UserName);
    }

    internal static StateConnectionText Parse(string connectionString)
    {
        try
        {
            return StateConnectionText.Parse(connectionString);
        }
        catch (FormatException ex)
        {
            throw SyncStateException.Unavailable("(connection string)", "cannot be used: " + ex.Message);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IOrderLedgerStore CreateDatabase(StateStoreSettings settings, string location) =>
        PostgresLedgerStore.Create(settings, Parse(settings.ConnectionString!), location);
}
