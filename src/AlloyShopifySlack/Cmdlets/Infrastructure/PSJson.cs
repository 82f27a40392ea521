using System.Collections;
using System.Management.Automation;

namespace AlloyShopifySlack.Cmdlets.Infrastructure;

/// <summary>
/// Between what PowerShell users type (hashtables, PSCustomObjects, JSON strings) and the core's JSON,
/// and back from the provider's JSON to PSCustomObjects (like ConvertFrom-Json, without its date guessing).
/// </summary>
internal static class PSJson
{
    private const int MaxDepth = 64;

    /// <summary>A hashtable, a PSCustomObject or a JSON object text → JsonObject; anything else is an ArgumentException.</summary>
    public static JsonObject? ToJsonObject(object? value, string parameterName)
    {
        var unwrapped = Unwrap(value);
        if (unwrapped == null) return null;
        JsonNode? node;
        if (unwrapped is string text)
        {
            try { node = JsonNode.Parse(text); }
            catch (JsonException ex)
            {
                throw new ArgumentException($"-{parameterName} is not valid JSON ({ex.Message}). Pass a hashtable such as @{{ channel = " +
                    $"'C123' }} or a JSON object text.", parameterName, ex);
            }
        }
        else
        {
            node = ToJsonNode(unwrapped);
        }
        return node as JsonObject
            ?? throw new ArgumentException($"-{parameterName} must be an object (a hashtable, a PSCustomObject or a JSON object text), " +
                $"not {Describe(node)}.", parameterName);
    }

    /// <summary>Like <see cref="ToJsonObject"/>, but an array (or JSON array text) is accepted too (request bodies may be
    /// arrays).</summary>
    public static JsonNode? ToJsonBody(object? value, string parameterName)
    {
        var unwrapped = Unwrap(value);
        if (unwrapped is string text && text.TrimStart().StartsWith("[", StringComparison.Ordinal))
        {
            try { return JsonNode.Parse(text); }
            catch (JsonException ex) { throw new ArgumentException($"-{parameterName} is not valid JSON ({ex.Message}).",
                parameterName, ex); }
        }
        if (unwrapped is IEnumerable && !(unwrapped is string) && !(unwrapped is IDictionary)) return ToJsonNode(unwrapped);
        return ToJsonObject(value, parameterName);
    }

    public static JsonNode? ToJsonNode(object? value) => ToJsonNode(value, 0);

    private static JsonNode? ToJsonNode(object? value, int depth)
    {
        if (depth > MaxDepth) throw new ArgumentException($"The value is nested more than {MaxDepth} levels deep (a cycle?).");
        value = Unwrap(value);
        switch (value)
        {
            case null: return null;
            case JsonNode node: return node.DeepClone();
            case JsonElement element: return JsonNode.Parse(element.GetRawText());
            case string s: return JsonValue.Create(s);
            case char c: return JsonValue.Create(c.ToString());
            case bool b: return JsonValue.Create(b);
            case int or long or short or byte or sbyte or uint or ushort or ulong:
                return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case decimal m: return JsonValue.Create(m);
            case double d: return JsonValue.Create(d);
            case float f: return JsonValue.Create((double)f);
            case DateTime dt: return JsonValue.Create(dt.ToString("o", CultureInfo.InvariantCulture));
            case DateTimeOffset dto: return JsonValue.Create(dto.ToString("o", CultureInfo.InvariantCulture));
            case Guid g: return JsonValue.Create(g.ToString());
            case Uri u: return JsonValue.Create(u.ToString());
            case Enum e: return JsonValue.Create(e.ToString());
            case IDictionary dictionary:
            {
                var obj = new JsonObject();
                foreach (DictionaryEntry entry in dictionary) obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)
                    ?? string.Empty] = ToJsonNode(entry.Value, depth + 1);
                return obj;
            }
            case IEnumerable sequence:
            {
                var array = new JsonArray();
                foreach (var item in sequence) array.Add(ToJsonNode(item, depth + 1));
                return array;
            }
            default:
            {
                // A PSCustomObject or any other object: its properties.
                var obj = new JsonObject();
                foreach (var property in PSObject.AsPSObject(value).Properties.Where(p => p.IsGettable))
                {
                    object? propertyValue;
                    try { propertyValue = property.Value; }
                    catch (GetValueException) { continue; }
                    obj[property.Name] = ToJsonNode(propertyValue, depth + 1);
                }
                return obj;
            }
        }
    }

    /// <summary>JSON → PSCustomObject / object[] / string / number / bool / null.</summary>
    public static object? ToPowerShell(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new PSObject();
                foreach (var property in element.EnumerateObject()) obj.Properties.Add(
                    new PSNoteProperty(property.Name, ToPowerShell(property.Value)));
                return obj;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(ToPowerShell).ToArray();
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt32(out var i)) return i;
                if (element.TryGetInt64(out var l)) return l;
                if (element.TryGetDecimal(out var m)) return m;
                return element.GetDouble();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            default: return null;
        }
    }

    private static object? Unwrap(object? value)
    {
        if (value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject)) return wrapped.BaseObject;
        return value;
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray _ => "an array",
        _ => "a single value",
    };
}
