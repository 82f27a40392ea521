using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>Type names for format views and host messages of the onboarding cmdlets.</summary>
internal static class SetupOutput
{
    /// <summary>Adds the contract's type name (AlloyShopifySlack.X) in front of the .NET one.</summary>
    public static PSObject Typed(object value, string typeName) => TypedOutput.As(value, typeName);

    public static PSObject Credential(AlloyCredential credential) => Typed(credential, TypedOutput.AlloyCredential);

    public static PSObject Health(HealthCheckResult result) => Typed(result, "AlloyShopifySlack.HealthCheckResult");

    /// <summary>Text for the person at the terminal: shown like Write-Host, and kept in the Information stream.</summary>
    public static void Host(Cmdlet cmdlet, string text) =>
        cmdlet.WriteInformation(new HostInformationMessage { Message = text }, new[] { "PSHOST" });
}
