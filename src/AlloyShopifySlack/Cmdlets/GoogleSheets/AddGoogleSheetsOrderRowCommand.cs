using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.GoogleSheets;

namespace AlloyShopifySlack.Cmdlets.GoogleSheets;

/// <summary>Add-GoogleSheetsOrderRow: appends an order to the Google Sheets order log (appendRow through Alloy).</summary>
[Cmdlet(VerbsCommon.Add, "GoogleSheetsOrderRow", SupportsShouldProcess = true)]
[OutputType(OrderLogRow.TypeName)]
public sealed class AddGoogleSheetsOrderRowCommand : Infrastructure.AlloyCmdlet
{
    /// <summary>The order: a ShopifyOrder (Get-ShopifyOrder), or any object with Name (or OrderName), Total and CustomerName
    /// properties.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? Order { get; set; }

    /// <summary>Who acknowledged the order (the fourth column). Empty when logging an alert as it is sent.</summary>
    [Parameter]
    public string? AcknowledgedBy { get; set; }

    /// <summary>The time written in the fifth column. Default: now.</summary>
    [Parameter]
    public DateTimeOffset? Time { get; set; }

    /// <summary>The spreadsheet (the id in its URL). Default: GOOGLE_SHEETS_SPREADSHEET_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SpreadsheetId { get; set; }

    /// <summary>The table to append to, in A1 notation. Default: Sheet1!A:E.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Range { get; set; } = OrderLogRow.DefaultRange;

    /// <summary>The Google Sheets credential. Default: GOOGLE_SHEETS_CREDENTIAL_ID.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CredentialId { get; set; }

    private GoogleSheetsOrderLog? _log;
    private string? _spreadsheet;

    protected override void ProcessRecord()
    {
        OrderLogRow row;
        try
        {
            row = OrderRowInput.From(Order!);
        }
        catch (ArgumentException ex)
        {
            WriteError(Infrastructure.ErrorRecords.Create("InvalidOrderForSheet", ErrorCategory.InvalidArgument, ex.Message, Order));
            return;
        }
        row.AcknowledgedBy = AcknowledgedBy;
        row.Time = Time ?? DateTimeOffset.UtcNow;

        _spreadsheet ??= RequireSetting(SpreadsheetId, SettingNames.GoogleSheetsSpreadsheetId, nameof(SpreadsheetId));
        if (!ShouldProcess($"spreadsheet {_spreadsheet} ({Range})", $"Append order {row.OrderName}")) return;
        try
        {
            var log = _log ??= CreateLog(_spreadsheet);
            var appended = Run(ct => log.AppendRowAsync(row, ct));
            row.SpreadsheetId = appended.SpreadsheetId;
            row.UpdatedRange = appended.UpdatedRange;
        }
        catch (PipelineStoppedException) { throw; }
        catch (Exception ex) when (ex is AlloyException || ex is ArgumentException)
        {
            WriteItemError(ex, Order);
            return;
        }
        var output = PSObject.AsPSObject(row);
        output.TypeNames.Insert(0, OrderLogRow.TypeName);
        WriteObject(output);
    }

    private GoogleSheetsOrderLog CreateLog(string spreadsheet)
    {
        var credential = RequireSetting(CredentialId, SettingNames.GoogleSheetsCredentialId, nameof(CredentialId));
        return new GoogleSheetsOrderLog(Clients().GoogleSheets(credential), spreadsheet, Range);
    }
}
