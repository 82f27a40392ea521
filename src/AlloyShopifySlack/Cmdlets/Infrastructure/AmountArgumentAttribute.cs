using System.Collections;
using System.Management.Automation;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Cmdlets.Infrastructure;

/// <summary>
/// -MinimumTotal given as text is read by <see cref="AmountText"/>, as ORDER_VALUE_THRESHOLD is, instead of
/// PowerShell's own conversion (which takes "500,50" for 50050). A list (PowerShell reads 500,50 unquoted as the
/// two numbers 500 and 50) is refused with that explanation. Numbers pass through untouched.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AmountArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case string text:
                if (AmountText.TryParse(text, "The amount", out var amount, out var problem)) return amount;
                throw new ArgumentTransformationMetadataException(problem);
            case IList list when !(value is string):
                var items = string.Join(", ", list.Cast<object?>().Select(i => (i is PSObject p ? p.BaseObject : i)?.ToString()));
                throw new ArgumentTransformationMetadataException(
                    $"The amount is a list ({items}): PowerShell reads {items.Replace(" ", string.Empty)} as {list.Count} numbers. " +
                    "Write the amount with a dot for the decimals and no thousands separator, such as 500.50 or 1000.");
            default:
                return inputData;
        }
    }
}
