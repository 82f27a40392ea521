using System.Management.Automation;

namespace AlloyShopifySlack.Cmdlets.Infrastructure;

/// <summary>
/// The contract's type names (what format views and scripts match on) put in front of the C# class names,
/// which live in sub-namespaces (AlloyShopifySlack.Alloy.AlloyUser → AlloyShopifySlack.AlloyUser).
/// </summary>
internal static class TypedOutput
{
    public const string AlloyUser = "AlloyShopifySlack.AlloyUser";
    public const string AlloyCredential = "AlloyShopifySlack.AlloyCredential";
    public const string AlloyConnection = "AlloyShopifySlack.AlloyConnection";
    public const string AlloyConnector = "AlloyShopifySlack.AlloyConnector";
    public const string AlloyAction = "AlloyShopifySlack.AlloyAction";
    public const string AlloyActionParameter = "AlloyShopifySlack.AlloyActionParameter";
    public const string AlloyCredentialMetadata = "AlloyShopifySlack.AlloyCredentialMetadata";

    /// <summary>Wraps <paramref name="value"/> with <paramref name="typeName"/> as its first type name.</summary>
    public static PSObject As(object value, string typeName)
    {
        var wrapped = PSObject.AsPSObject(value);
        if (wrapped.TypeNames.Count == 0 || wrapped.TypeNames[0] != typeName) wrapped.TypeNames.Insert(0, typeName);
        return wrapped;
    }
}
