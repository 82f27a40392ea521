using System.Management.Automation;
using System.Reflection;

namespace AlloyShopifySlack.Cmdlets.Infrastructure;

/// <summary>
/// Runs when Import-Module loads the assembly. On PowerShell 7 it refuses a runtime older than the dependencies
/// need (System.Text.Json 8.0 loads on .NET 8, that is PowerShell 7.4, and later). On Windows PowerShell 5.1 there
/// are no binding redirects, and the netstandard dependencies ask each other for older versions than the ones
/// shipped beside the module (System.Memory asks for Unsafe 4.0.4.1, the folder holds 6.0.0.0): the resolver
/// answers such a request with the dll in the module folder when it is at least the version asked for.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    /// <summary>The oldest .NET that PowerShell 7 may run the module on: the one PowerShell 7.4 runs on.</summary>
    public static readonly Version MinimumCoreRuntime = new Version(8, 0);

    private static readonly string Folder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

    public void OnImport()
    {
        if (!IsWindowsPowerShell)
        {
            if (Environment.Version < MinimumCoreRuntime)
                throw new PlatformNotSupportedException(
                    $"AlloyShopifySlack needs PowerShell 7.4 or later (or Windows PowerShell 5.1); this PowerShell runs on " +
                        $".NET {Environment.Version}. " +
                    "Install PowerShell 7.4 or later (https://aka.ms/powershell).");
            return;
        }
        AppDomain.CurrentDomain.AssemblyResolve += Resolve;
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (IsWindowsPowerShell) AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
    }

    /// <summary>Only .NET Framework has mscorlib as its core library (.NET has System.Private.CoreLib).</summary>
    private static bool IsWindowsPowerShell => typeof(object).Assembly.GetName().Name == "mscorlib";

    private static Assembly? Resolve(object? sender, ResolveEventArgs args) =>
        ShippedDependency(Folder, new AssemblyName(args.Name)) is { } path ? Assembly.LoadFrom(path) : null;

    /// <summary>The dll of that name in <paramref name="folder"/>, if it is at least the version asked for.</summary>
    internal static string? ShippedDependency(string folder, AssemblyName requested)
    {
        if (string.IsNullOrEmpty(requested.Name)) return null;
        var path = Path.Combine(folder, requested.Name + ".dll");
        if (!File.Exists(path)) return null;
        var shipped = AssemblyName.GetAssemblyName(path);
        return requested.Version == null || shipped.Version >= requested.Version ? path : null;
    }
}
