using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using System.Security;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Cmdlets;

/// <summary>Connect-Alloy: sets the session's Alloy connection (or returns it with -PassThru... and -NoSession).</summary>
[Cmdlet(VerbsCommunications.Connect, "Alloy")]
[OutputType(typeof(AlloyConnection))]
[SuppressMessage("Design", "CA1001", Justification = "_checking only points at the token source Check() owns and disposes.")]
public sealed class ConnectAlloyCommand : PSCmdlet
{
    /// <summary>The Alloy API key. A SecureString (Read-Host -AsSecureString, Get-Secret); a plain string is accepted too.</summary>
    [Parameter(Position = 0)]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    /// <summary>The Alloy user (tenant) to act as: sent as x-alloy-userid.</summary>
    [Parameter]
    public string? UserId { get; set; }

    /// <summary>The API root. Default ALLOY_BASE_URL, else https://production.runalloy.com.</summary>
    [Parameter]
    public Uri? BaseUri { get; set; }

    /// <summary>The x-api-version header. Default ALLOY_API_VERSION, else 2025-09.</summary>
    [Parameter]
    public string? ApiVersion { get; set; }

    /// <summary>A dotenv file whose values this connection carries (credential ids, channel, threshold ...).</summary>
    [Parameter]
    public string? EnvFile { get; set; }

    /// <summary>Returns the connection.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Returns the connection without making it the session's (for scripts that serve several tenants).</summary>
    [Parameter]
    public SwitchParameter NoSession { get; set; }

    /// <summary>Do not check the key with Alloy (one GET /connectors) before keeping the connection: for offline scripts.</summary>
    [Parameter]
    public SwitchParameter SkipCheck { get; set; }

    private CancellationTokenSource? _checking;

    protected override void StopProcessing()
    {
        try { _checking?.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    protected override void EndProcessing()
    {
        var values = new Dictionary<string, ResolvedSetting>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, (SecureString, string)>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(EnvFile))
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(EnvFile);
            if (!File.Exists(path))
                ThrowTerminatingError(ErrorRecords.Create("EnvFileNotFound", ErrorCategory.ObjectNotFound, $"The .env file '{path}' does " +
                    "not exist.", EnvFile));
            foreach (var pair in SettingsResolver.ReadEnvFile(path))
            {
                if (SettingNames.IsSecret(pair.Key) && pair.Key != SettingNames.ApiKey) secrets[pair.Key] =
                    (SecretText.ToSecureString(pair.Value.Value), pair.Value.Source);
                else values[pair.Key] = pair.Value;
            }
        }
        if (!string.IsNullOrEmpty(UserId)) values[SettingNames.UserId] = new ResolvedSetting(UserId!, "Connect-Alloy -UserId");
        if (BaseUri != null) values[SettingNames.BaseUrl] = new ResolvedSetting(BaseUri.ToString(), "Connect-Alloy -BaseUri");
        if (!string.IsNullOrEmpty(ApiVersion)) values[SettingNames.ApiVersion] =
            new ResolvedSetting(ApiVersion!, "Connect-Alloy -ApiVersion");

        var settings = SettingsResolver.FromProcess(values, SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        AlloyConnection connection;
        try
        {
            connection = AlloyConnection.Create(settings, ApiKey, ApiKey != null ? "Connect-Alloy -ApiKey" : null, WithoutKey(values),
                "Connect-Alloy");
        }
        catch (AlloyException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, null));
            return;
        }

        connection.SecretValues = secrets;
        if (!SkipCheck) Check(connection);
        WriteVerbose($"Connected to {connection.BaseUri} (API version {connection.ApiVersion}, user {connection.UserId ?? "none"}, key " +
            $"from {connection.KeySource}).");
        if (!NoSession) SessionConnections.Set(connection);
        if (PassThru || NoSession) WriteObject(TypedOutput.As(connection, TypedOutput.AlloyConnection));
    }

    /// <summary>
    /// One cheap authenticated call, so that a wrong key or address fails here and not in the middle of a job.
    /// Waited for on the pipeline thread with a token that Ctrl+C cancels: there is nothing to stream meanwhile.
    /// </summary>
    private void Check(AlloyConnection connection)
    {
        using var checking = _checking = new CancellationTokenSource();
        try
        {
            var connectors = connection.Client.ListConnectorsAsync(checking.Token).GetAwaiter().GetResult();
            WriteVerbose($"Alloy accepted the key ({connectors.Count} connectors available).");
        }
        catch (OperationCanceledException) when (checking.IsCancellationRequested)
        {
            connection.Dispose();
            throw new PipelineStoppedException();
        }
        catch (AlloyException ex)
        {
            connection.Dispose();
            var record = ErrorRecords.From(ex, null);
            record.ErrorDetails.RecommendedAction += " Connect-Alloy -SkipCheck connects without asking Alloy.";
            ThrowTerminatingError(record);
        }
        finally
        {
            _checking = null;
        }
    }

    private static Dictionary<string, ResolvedSetting> WithoutKey(Dictionary<string, ResolvedSetting> values)
    {
        var copy = new Dictionary<string, ResolvedSetting>(values, StringComparer.Ordinal);
        copy.Remove(SettingNames.ApiKey);
        return copy;
    }
}

/// <summary>Accepts a plain string for a SecureString parameter (for scripts), converting it at once.</summary>
internal sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value is string text ? SecretText.ToSecureString(text) : value;
    }
}

/// <summary>Disconnect-Alloy: forgets the session's connection.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Alloy")]
public sealed class DisconnectAlloyCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        var removed = SessionConnections.Remove();
        if (removed == null) WriteVerbose("There was no Alloy connection in this session.");
        removed?.Dispose();
    }
}

/// <summary>Get-AlloyConnection: the session's connection (or the one the environment gives).</summary>
[Cmdlet(VerbsCommon.Get, "AlloyConnection")]
[OutputType(typeof(AlloyConnection))]
public sealed class GetAlloyConnectionCommand : AlloyCmdlet
{
    protected override void EndProcessing()
    {
        WriteObject(TypedOutput.As(ResolveConnection(), TypedOutput.AlloyConnection));
        base.EndProcessing();
    }
}
