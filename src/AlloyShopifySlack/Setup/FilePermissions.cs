using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AlloyShopifySlack.Setup;

/// <summary>
/// Owner-only permissions on Unix. File.SetUnixFileMode is not in netstandard2.0, so libc's chmod is called
/// directly, with the chmod program as a fallback; Windows is left alone (a user's profile is already private).
/// </summary>
public static class FilePermissions
{
    public const int OwnerReadWrite = 0x180; // 0600

    public static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
    private static extern int NativeChmod(byte[] path, uint mode);

    // libc takes the path as NUL-terminated UTF-8 (netstandard2.0 has no UTF-8 string marshalling).
    private static byte[] NativePath(string path) => Encoding.UTF8.GetBytes(path + "\0");

    /// <summary>Sets the mode; returns false (never throws) when it could not.</summary>
    public static bool TrySet(string path, int mode)
    {
        if (!IsUnix) return true;
        try
        {
            if (NativeChmod(NativePath(path), (uint)mode) == 0) return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException)
        {
        }
        try
        {
            var start = new ProcessStartInfo("chmod", Convert.ToString(mode, 8) + " \"" + path.Replace("\"", "\\\"") + "\"")
            {
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            using var process = Process.Start(start);
            return process != null && process.WaitForExit(5000) && process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
