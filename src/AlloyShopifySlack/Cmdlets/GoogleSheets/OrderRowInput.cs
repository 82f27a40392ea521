using System.Collections;
using System.Management.Automation;
using AlloyShopifySlack.GoogleSheets;
using AlloyShopifySlack.Shopify;

namespace AlloyShopifySlack.Cmdlets.GoogleSheets;

/// <summary>Reads an order log row from what the user piped: a ShopifyOrder, or any object or hashtable with the same property
/// names.</summary>
internal static class OrderRowInput
{
    public static OrderLogRow From(PSObject input)
    {
        if (input.BaseObject is ShopifyOrder order) return OrderLogRow.FromOrder(order, null, default);

        var name = Text(input, "Name", "OrderName");
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("The order has no Name (or OrderName) property: pass a ShopifyOrder from Get-ShopifyOrder, or an " +
                "object with Name, Total and CustomerName.");
        var total = Text(input, "Total");
        decimal? amount = null;
        if (!string.IsNullOrWhiteSpace(total))
        {
            if (!decimal.TryParse(total, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
                throw new ArgumentException($"The Total of order {name} ('{total}') is not a number.");
            amount = parsed;
        }
        return new OrderLogRow
        {
            OrderName = name!,
            OrderId = Text(input, "Id", "OrderId"),
            Total = amount,
            Currency = Text(input, "Currency"),
            CustomerName = Text(input, "CustomerName", "Customer"),
        };
    }

    private static string? Text(PSObject input, params string[] names)
    {
        foreach (var name in names)
        {
            object? value = null;
            if (input.BaseObject is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                    if (string.Equals(entry.Key?.ToString(), name, StringComparison.OrdinalIgnoreCase)) value = entry.Value;
            }
            else value = input.Properties[name]?.Value;
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            if (value == null) continue;
            return value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString();
        }
        return null;
    }
}
