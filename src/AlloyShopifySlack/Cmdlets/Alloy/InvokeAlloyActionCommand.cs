using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;

namespace AlloyShopifySlack.Cmdlets.Alloy;

/// <summary>
/// Invoke-AlloyAction: runs any connector action and writes the provider's answer as PowerShell objects,
/// whichever envelope Alloy wrapped it in. A provider failure inside a 200 (Slack ok:false) is an error.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "AlloyAction", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class InvokeAlloyActionCommand : AlloyCmdlet
{
    /// <summary>The connector, for example slack or shopify.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.ConnectorIdCompleter))]
    public string ConnectorId { get; set; } = string.Empty;

    /// <summary>The action, for example chat_postMessage (Get-AlloyAction -ConnectorId lists them).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AlloyShopifySlack.Cmdlets.Completion.ActionIdCompleter))]
    public string ActionId { get; set; } = string.Empty;

    /// <summary>The credential to act with (Get-AlloyCredential lists them; piped credentials bind here).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string CredentialId { get; set; } = string.Empty;

    /// <summary>The action's query parameters: a hashtable, a PSCustomObject or a JSON object text.</summary>
    [Parameter]
    public object? QueryParameters { get; set; }

    /// <summary>The action's request body: a hashtable, a PSCustomObject, an array or a JSON text.</summary>
    [Parameter]
    public object? RequestBody { get; set; }

    /// <summary>The action's path parameters (sent as pathParams): a hashtable, a PSCustomObject or a JSON object text.</summary>
    [Parameter]
    public object? PathParameters { get; set; }

    /// <summary>Extra headers for the provider call: a hashtable, a PSCustomObject or a JSON object text.</summary>
    [Parameter]
    public object? AdditionalHeaders { get; set; }

    /// <summary>The action only reads, so it is safe to retry after a timeout or a server error. Without it nothing is retried that may
    /// have taken effect.</summary>
    [Parameter]
    public SwitchParameter Idempotent { get; set; }

    /// <summary>The Alloy user to act as (default: the connection's user, else ALLOY_USER_ID).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UserId { get; set; }

    protected override void ProcessRecord()
    {
        var target = $"{ConnectorId}/{ActionId}";
        ActionRequest request;
        try
        {
            request = new ActionRequest(CredentialId)
            {
                QueryParameters = PSJson.ToJsonObject(QueryParameters, nameof(QueryParameters)),
                RequestBody = PSJson.ToJsonBody(RequestBody, nameof(RequestBody)),
                PathParams = PSJson.ToJsonObject(PathParameters, nameof(PathParameters)),
                AdditionalHeaders = PSJson.ToJsonObject(AdditionalHeaders, nameof(AdditionalHeaders)),
                Idempotent = Idempotent,
                // The user's own request: sent as written, so that it can also test what Alloy does with it.
                SendAsGiven = true,
            };
        }
        catch (ArgumentException ex)
        {
            WriteError(ErrorRecords.Argument(ex, "AlloyActionInvalidArgument",
                target, $"Give the parameters as a hashtable or a JSON object text; Get-AlloyAction -ConnectorId {ConnectorId} " +
                $"-ActionId {ActionId} shows what the action takes."));
            return;
        }

        if (!ShouldProcess($"action {target} with credential {CredentialId}", "Invoke")) return;
        var client = ResolveClient(UserId);
        try
        {
            var answer = Run(ct => client.ExecuteAsync(ConnectorId, ActionId, request, ct));
            if (ReportProviderFailure(answer, target)) return;
            WriteObject(PSJson.ToPowerShell(answer), enumerateCollection: true);
        }
        catch (AlloyException ex)
        {
            WriteItemError(ex, target);
        }
    }

    /// <summary>Slack's ok:false arrives inside a 200: a failure, never a success (the answer is the error's target).</summary>
    private bool ReportProviderFailure(JsonElement answer, string target)
    {
        if (JsonRead.Bool(answer, "ok") != false) return false;
        var code = JsonRead.String(answer, "error") ?? "unknown_error";
        var provider = ConnectorId.Length == 0 ? "Provider" : char.ToUpperInvariant(ConnectorId[0]) + ConnectorId.Substring(1);
        var error = new ProviderException(provider, code, $"{provider} refused {target}: {code}. The answer is in the error's " +
            "TargetObject.");
        var record = ErrorRecords.From(error, PSJson.ToPowerShell(answer));
        if (ConnectorId == Clients().SlackConnectorId) record.ErrorDetails.RecommendedAction =
            AlloyShopifySlack.Slack.SlackErrorCodes.Remedy(code, ActionId);
        WriteError(record);
        return true;
    }
}
