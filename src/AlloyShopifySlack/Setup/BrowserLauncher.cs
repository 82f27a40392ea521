using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AlloyShopifySlack.Setup;

/// <summary>Opens a URL in the user's browser. Never throws: false means "print the URL instead".</summary>
public interface IBrowserLauncher
{
    bool TryOpen(Uri url, out string? failure);
}

/// <summary>
/// The system browser: shell execute on Windows, <c>open</c> on macOS, <c>xdg-open</c> on Linux and the BSDs.
/// Only http(s) URLs are opened, because the URL comes from a server and shell execute would run anything else;
/// the one exception is an existing local .html file (a page the module wrote, such as a message preview).
/// </summary>
public sealed class SystemBrowserLauncher : IBrowserLauncher
{
    public static readonly SystemBrowserLauncher Instance = new SystemBrowserLauncher();
    private static readonly TimeSpan LauncherGrace = TimeSpan.FromSeconds(3);

    public bool TryOpen(Uri url, out string? failure)
    {
        failure = null;
        if (!url.IsAbsoluteUri || (url.Scheme != "https" && url.Scheme != "http" && !IsLocalPage(url)))
        {
            failure = "the address is not an http(s) URL or an existing local .html page";
            return false;
        }
        try
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                using (Process.Start(new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true })) { }
                return true;
            }
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return RunLauncher("open", url, out failure);
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) &&
                string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")) &&
                string.IsNullOrEmpty(Environment.GetEnvironmentVariable("BROWSER")))
            {
                // Without a desktop, xdg-open would start a text browser in this very terminal.
                failure = "there is no graphical session (DISPLAY and WAYLAND_DISPLAY are not set)";
                return false;
            }
            return RunLauncher("xdg-open", url, out failure);
        }
        catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException || ex is PlatformNotSupportedException)
        {
            failure = ex.Message;
            return false;
        }
    }

    internal static bool IsLocalPage(Uri url) =>
        url.IsFile && !url.IsUnc && System.IO.File.Exists(url.LocalPath) &&
        (url.LocalPath.EndsWith(".html", StringComparison.OrdinalIgnoreCase)
            || url.LocalPath.EndsWith(".htm", StringComparison.OrdinalIgnoreCase));

    private static bool RunLauncher(string program, Uri url, out string? failure)
    {
        failure = null;
        var start = new ProcessStartInfo(program, "\"" + url.AbsoluteUri + "\"")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        using var process = Process.Start(start);
        if (process == null)
        {
            failure = program + " did not start";
            return false;
        }
        process.StandardInput.Close();
        _ = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // The launcher usually hands over and exits at once; one still running has most likely opened a browser.
        if (!process.WaitForExit((int)LauncherGrace.TotalMilliseconds)) return true;
        if (process.ExitCode == 0) return true;
        var detail = errors.Wait(500) ? errors.Result.Trim() : string.Empty;
        failure = $"{program} exited with code {process.ExitCode}" + (detail.Length > 0 ? ": " + detail : string.Empty);
        return false;
    }
}
