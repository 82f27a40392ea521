using AlloyShopifySlack.Common;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Cmdlets.Setup;

/// <summary>The seams the onboarding cmdlets use for the outside world; tests replace them.</summary>
internal static class SetupServices
{
    public static IBrowserLauncher BrowserLauncher { get; set; } = SystemBrowserLauncher.Instance;
    public static IClock Clock { get; set; } = SystemClock.Instance;
}
