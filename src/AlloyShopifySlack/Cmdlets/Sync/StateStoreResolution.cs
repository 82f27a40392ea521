using System.Management.Automation;
using System.Security;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Sync;

/// <summary>
/// Which sync state store a cmdlet uses, in the contract's order: -StateConnectionString, else -StatePath, else
/// ALLOY_STATE_CONNECTION (environment or .env), else the default folder.
/// </summary>
internal static class StateStoreResolution
{
    public const string ConnectionVariable = "ALLOY_STATE_CONNECTION";

    /// <param name="statePath">-StatePath resolved to a file system path, when given.</param>
    /// <param name="setting">The cmdlet's settings below explicit parameters (connection, environment, .env).</param>
    public static StateStoreSettings Resolve(string? statePath, string? connectionString, PSCredential? credential,
        Func<string, string?> setting,
        IClock clock, FileLedgerOptions? fileOptions = null)
    {
        if (statePath != null && !string.IsNullOrEmpty(connectionString))
            throw new AlloyConfigurationException("OrderSyncStateAmbiguous",
                "Use -StatePath (a folder on this machine) or -StateConnectionString (a PostgreSQL database shared by several " +
                    "runners), not both.");
        var database = !string.IsNullOrEmpty(connectionString) ? connectionString : statePath == null ? setting(ConnectionVariable) : null;
        if (credential != null && string.IsNullOrEmpty(database))
            throw new AlloyConfigurationException("OrderSyncStateCredentialWithoutDatabase",
                "-StateCredential is for the PostgreSQL sync state: pass -StateConnectionString (or set ALLOY_STATE_CONNECTION) too.");
        return new StateStoreSettings
        {
            Directory = statePath ?? LedgerPaths.DefaultDirectory(),
            ConnectionString = string.IsNullOrEmpty(database) ? null : database,
            UserName = credential == null || credential.UserName == StateCredentialAttribute.UserFromConnectionString ? null
                : credential.UserName,
            Password = credential?.Password,
            Clock = clock,
            FileOptions = fileOptions ?? new FileLedgerOptions(),
        };
    }
}

/// <summary>
/// Lets -StateCredential take a PSCredential (user and password) or just a SecureString password (the user then
/// comes from the connection string), as SecretManagement's Get-Secret returns either.
/// </summary>
internal sealed class StateCredentialAttribute : ArgumentTransformationAttribute
{
    /// <summary>Stands for "no user given" (a PSCredential cannot have an empty one).</summary>
    public const string UserFromConnectionString = "(user from the connection string)";

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            SecureString password => new PSCredential(UserFromConnectionString, password),
            string _ => throw new ArgumentTransformationMetadataException(
                "-StateCredential takes a PSCredential (Get-Credential) or a SecureString password (Get-Secret, Read-Host " +
                    "-AsSecureString), not plain text."),
            _ => value,
        };
    }
}
