using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Cmdlets.Setup;
using AlloyShopifySlack.Slack.Preview;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>Writes a preview page (Show-SlackOrderMessage, Invoke-OrderSync -Preview) and opens it with the system browser.</summary>
internal static class PreviewOutput
{
    public const string DefaultFileName = "slack-preview.html";

    /// <summary>The file written; a failure to write is terminating (the page is the whole point), a browser that will not start only
    /// warns.</summary>
    public static FileInfo Write(PSCmdlet cmdlet, IReadOnlyList<PreviewCard> cards, string? path, bool noBrowser, string? subtitle)
    {
        var target = Target(cmdlet, path);
        try
        {
            var folder = Path.GetDirectoryName(target);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            File.WriteAllText(target, SlackPreviewPage.Render(cards, null, subtitle), new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.Create("SlackPreviewNotWritten", ErrorCategory.WriteError,
                $"The preview page could not be written to {target}: {ex.Message}", path,
                    "Choose another -Path (a folder you can write to)."));
        }

        var page = new FileInfo(target);
        if (noBrowser) return page;
        if (SetupServices.BrowserLauncher.TryOpen(new Uri(page.FullName), out var failure))
            cmdlet.WriteVerbose("Opened the preview in the browser: " + page.FullName);
        else
            cmdlet.WriteWarning($"Could not open a browser ({failure}). Open the preview yourself: {page.FullName}");
        return page;
    }

    /// <summary>-Path as a file, or a folder to write slack-preview.html into; none: a new file in the temp folder.</summary>
    private static string Target(PSCmdlet cmdlet, string? path)
    {
        if (string.IsNullOrEmpty(path))
            return Path.Combine(Path.GetTempPath(), "AlloyShopifySlack", "slack-preview-"
                + DateTime.Now.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture) + ".html");
        var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        return Directory.Exists(full) ? Path.Combine(full, DefaultFileName) : full;
    }
}
