using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Security;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Shopify;
using AlloyShopifySlack.Slack.Interactions;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>
/// Start-SlackInteractionListener: receives Slack's interaction requests (the alerts' Acknowledge button), verifies
/// them, answers at once and acknowledges the order afterwards; writes each handled interaction down the pipeline.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "SlackInteractionListener", SupportsShouldProcess = true)]
[OutputType(SlackInteraction.TypeName)]
public sealed class StartSlackInteractionListenerCommand : AlloyCmdlet
{
    /// <summary>The TCP port to listen on; 0 picks a free one (shown in the verbose stream and the progress line).</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; } = InteractionListenerOptions.DefaultPort;

    /// <summary>The path Slack posts to (the Request URL's path). Other paths get 404.</summary>
    [Parameter]
    [ValidatePattern("^/")]
    public string Path { get; set; } = InteractionListenerOptions.DefaultPath;

    /// <summary>The address to bind: 127.0.0.1 (default, for a reverse proxy on this machine), ::1, another local address, or 0.0.0.0 / *
    /// for every interface.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The Slack app's signing secret (a SecureString; a plain string is accepted). Default: SLACK_SIGNING_SECRET.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? SigningSecret { get; set; }

    /// <summary>The Slack credential used to update the messages. Default: SLACK_CREDENTIAL_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SlackCredentialId { get; set; }

    /// <summary>Appends a row per acknowledged order to the Google Sheets order log.</summary>
    [Parameter]
    public SwitchParameter LogToGoogleSheet { get; set; }

    /// <summary>The order log's spreadsheet, with -LogToGoogleSheet. Default: GOOGLE_SHEETS_SPREADSHEET_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SpreadsheetId { get; set; }

    /// <summary>The order log's range, with -LogToGoogleSheet. Default: Sheet1!A:E.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Range { get; set; } = OrderLogRow.DefaultRange;

    /// <summary>The Google Sheets credential, with -LogToGoogleSheet. Default: GOOGLE_SHEETS_CREDENTIAL_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? GoogleSheetsCredentialId { get; set; }

    /// <summary>Tags to add to each acknowledged order in Shopify (once per order).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TagOrders { get; set; }

    /// <summary>The Shopify credential, with -TagOrders. Default: SHOPIFY_CREDENTIAL_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ShopifyCredentialId { get; set; }

    /// <summary>Stops after answering this many requests (of any kind) and finishing their work. For scripts and tests.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxRequests { get; set; }

    /// <summary>Stops after this many seconds (the work already accepted is finished first).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int TimeoutSeconds { get; set; }

    /// <summary>The state folder (as Invoke-OrderSync's): the replay cache lives there, so a restart does not reopen Slack's 5-minute
    /// window.</summary>
    [Parameter]
    public string? StatePath { get; set; }

    protected override void EndProcessing()
    {
        var address = ParseBindAddress(BindAddress);
        var secret = SigningSecret ?? SecretFromSettings();
        if (SpreadsheetId != null && !LogToGoogleSheet)
            WriteWarning("-SpreadsheetId is ignored without -LogToGoogleSheet: no order log rows will be written.");

        if (!IPAddress.IsLoopback(address))
            WriteWarning($"The listener is bound to {address}, beyond loopback: anyone who can reach this machine can send it requests " +
                "(only correctly signed ones are acted on). Prefer -BindAddress 127.0.0.1 behind an HTTPS reverse proxy.");

        var preview = $"http:/" +
            $"/{(address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString())}:{Port}{Path}";
        if (!ShouldProcess(preview, "Listen for Slack interactions and acknowledge orders")) return;

        var handler = CreateHandler();
        var options = new InteractionListenerOptions
        {
            BindAddress = address,
            Port = Port,
            Path = Path,
            MaxRequests = MaxRequests > 0 ? MaxRequests : (int?)null,
            Timeout = TimeoutSeconds > 0 ? TimeSpan.FromSeconds(TimeoutSeconds) : (TimeSpan?)null,
        };
        var stateFolder = StatePath == null ? LedgerPaths.DefaultDirectory()
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(StatePath);
        using var replays = new ReplayJournal(System.IO.Path.Combine(stateFolder, "slack-replay-cache.txt"));
        using var verifier = new SlackSignatureVerifier(secret, SystemClock.Instance,
            new ReplayGuard(SystemClock.Instance, journal: replays));
        using var listener = new InteractionListener(options, verifier, handler);
        try
        {
            WriteVerbose($"Listening for Slack interactions on {listener.Start()}. Point the Slack app's Request URL (through your HTTPS " +
                "proxy) here; Ctrl+C stops.");
        }
        catch (SocketException ex)
        {
            ThrowTerminatingError(ErrorRecords.Create("ListenerBindFailed", ErrorCategory.ResourceUnavailable,
                $"Could not listen on {preview}: {ex.Message}", preview, "Choose another -Port, or stop whatever is using it."));
        }

        RunStream(ct => listener.RunAsync(ct), Emit);
        var statistics = listener.Statistics;
        WriteVerbose($"The listener stopped: {statistics.Handled} interactions handled ({statistics.Failed} " +
            $"failed), {statistics.Refused} requests refused.");
        base.EndProcessing();
    }

    private void Emit(SlackInteraction interaction)
    {
        if (interaction.Status == InteractionStatus.Failed)
            WriteWarning($"Could not fully acknowledge {interaction.OrderName ?? interaction.Action} " +
                $"for {interaction.UserName ?? interaction.User}: {interaction.Error}");
        var output = PSObject.AsPSObject(interaction);
        output.TypeNames.Insert(0, SlackInteraction.TypeName);
        WriteObject(output);
    }

    private AcknowledgeHandler CreateHandler()
    {
        var clients = Clients();
        var slackCredential = RequireSetting(SlackCredentialId, SettingNames.SlackCredentialId, nameof(SlackCredentialId));
        var slack = clients.Slack(slackCredential);

        IOrderLog? orderLog = null;
        if (LogToGoogleSheet)
        {
            var spreadsheet = RequireSetting(SpreadsheetId, SettingNames.GoogleSheetsSpreadsheetId, nameof(SpreadsheetId));
            var credential = RequireSetting(GoogleSheetsCredentialId, SettingNames.GoogleSheetsCredentialId,
                nameof(GoogleSheetsCredentialId));
            orderLog = new GoogleSheetsOrderLog(clients.GoogleSheets(credential), spreadsheet, Range);
        }

        IOrderTagger? tagger = null;
        var tags = (TagOrders ?? Array.Empty<string>()).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        if (tags.Count > 0)
        {
            var credential = RequireSetting(ShopifyCredentialId, SettingNames.ShopifyCredentialId, nameof(ShopifyCredentialId));
            tagger = clients.Shopify(credential, storeDomain: null);
        }
        return new AcknowledgeHandler(new SlackClientMessageUpdater(slack), orderLog, tagger, tags);
    }

    private SecureString SecretFromSettings()
    {
        var value = Setting(null, SettingNames.SlackSigningSecret);
        if (string.IsNullOrEmpty(value))
            ThrowTerminatingError(ErrorRecords.Create("MissingSetting_" + SettingNames.SlackSigningSecret, ErrorCategory.InvalidArgument,
                "No Slack signing secret. Pass -SigningSecret, or set SLACK_SIGNING_SECRET (environment variable or .env file); it is " +
                    "under Basic Information in the Slack app's settings.", null));
        return SecretText.ToSecureString(value!);
    }

    private IPAddress ParseBindAddress(string text)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "localhost": return IPAddress.Loopback;
            case "*":
            case "+":
            case "0.0.0.0": return IPAddress.Any;
            case "::": return IPAddress.IPv6Any;
        }
        if (IPAddress.TryParse(text.Trim().Trim('[', ']'), out var address)) return address;
        ThrowTerminatingError(ErrorRecords.Create("InvalidBindAddress", ErrorCategory.InvalidArgument,
            $"'{text}' is not an IP address. Use 127.0.0.1 (the default), ::1, a local address, or 0.0.0.0 for every interface.", text));
        throw new InvalidOperationException(); // not reached
    }
}
