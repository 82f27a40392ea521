using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Sync;

/// <summary>
/// The human sections of a run ("Step 1: Verify Credentials" … "Run Summary"), written as information messages:
/// the cmdlet shows them in a console and keeps them out of the output objects.
/// </summary>
internal sealed class SyncNarrator
{

    public void Section(string title)
    {
        var rule = new string('=', title.Length + 4);
        Line(string.Empty);
        Line(rule);
        Line("  " + title);
        Line(rule);
    }

    public void Bullet(string text) => Line("• " + text);
    public void Ok(string text) => Line("✓ " + text);
    public void Problem(string text) => Line("✗ " + text);
    public void Note(string text) => Line("! " + text);

    /// <summary>"label : value" lines aligned like the guide's run summary.</summary>
    public void Field(string label, string value) => Line(label.PadRight(24) + ": " + value);

    // Resolved per line: the log is the one of whichever cmdlet runs the engine (an async-local).
    public void Line(string text) => OperationContext.Log.Write(LogLevel.Information, text);

    /// <summary>The one date format of the narration (and of Invoke-OrderSync's round lines): 2025-03-01 12:00:00 UTC.</summary>
    public static string When(System.DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Money(decimal amount, string currency) =>
        (string.IsNullOrEmpty(currency) ? string.Empty : currency + " ") + amount.ToString("#,##0.00", CultureInfo.InvariantCulture);
}
