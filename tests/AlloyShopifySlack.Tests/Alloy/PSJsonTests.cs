using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>What users type (hashtables, PSCustomObjects, JSON text) to JSON and back; masking of secrets in logged bodies.</summary>
public class PSJsonTests
{
    [Fact]
    public void HashtablesAndCustomObjectsBecomeJsonObjects()
    {
        var custom = new PSObject();
        custom.Properties.Add(new PSNoteProperty("channel", "C1"));
        custom.Properties.Add(new PSNoteProperty("count", 3));
        var ordered = new OrderedDictionary { ["text"] = "hi", ["blocks"] = new object[] { new Hashtable { ["type"] = "divider" } },
            ["when"] = new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero), ["price"] = 12.50m, ["none"] = null };

        var fromCustom = PSJson.ToJsonObject(PSObject.AsPSObject(custom), "RequestBody")!;
        var fromOrdered = PSJson.ToJsonObject(ordered, "RequestBody")!;

        Assert.Equal("""{"channel":"C1","count":3}""", fromCustom.ToJsonString());
        Assert.Equal("hi", (string?)fromOrdered["text"]);
        Assert.Equal("divider", (string?)fromOrdered["blocks"]![0]!["type"]);
        Assert.Equal("2025-01-15T10:00:00.0000000+00:00", (string?)fromOrdered["when"]);
        Assert.Equal(12.50m, (decimal)fromOrdered["price"]!);
        Assert.True(fromOrdered.ContainsKey("none"));
        Assert.Null(fromOrdered["none"]);
    }

    [Fact]
    public void JsonTextIsParsedAndBadJsonOrANonObjectIsAClearArgumentError()
    {
        Assert.Equal("C1", (string?)PSJson.ToJsonObject("""{"channel":"C1"}""", "QueryParameters")!["channel"]);
        Assert.Null(PSJson.ToJsonObject(null, "QueryParameters"));

        var broken = Assert.Throws<ArgumentException>(() => PSJson.ToJsonObject("{channel:", "QueryParameters"));
        var array = Assert.Throws<ArgumentException>(() => PSJson.ToJsonObject(new[] { 1, 2 }, "PathParameters"));

        Assert.Contains("-QueryParameters is not valid JSON", broken.Message);
        Assert.Contains("-PathParameters must be an object", array.Message);
        Assert.Contains("an array", array.Message);
    }

    [Fact]
    public void ARequestBodyMayBeAnArray()
    {
        Assert.Equal("[1,2]", PSJson.ToJsonBody("[1,2]", "RequestBody")!.ToJsonString());
        Assert.Equal("""["a","b"]""", PSJson.ToJsonBody(new[] { "a", "b" }, "RequestBody")!.ToJsonString());
    }

    [Fact]
    public void AnswersBecomeCustomObjectsArraysAndPlainValues()
    {
        using var document = JsonDocument.Parse("""{"ok":true,"ts":"1.2","count":3,"big":12345678901,"price":12.5,"items":[{"id":1},""" +
            """{"id":2}],"none":null}""");

        var value = Assert.IsType<PSObject>(PSJson.ToPowerShell(document.RootElement));

        Assert.Equal(true, value.Properties["ok"].Value);
        Assert.Equal("1.2", value.Properties["ts"].Value);
        Assert.Equal(3, value.Properties["count"].Value);
        Assert.Equal(12345678901L, value.Properties["big"].Value);
        Assert.Equal(12.5m, value.Properties["price"].Value);
        Assert.Equal(2, Assert.IsType<object[]>(value.Properties["items"].Value).Length);
        Assert.Null(value.Properties["none"].Value);
    }

    [Fact]
    public void LoggedBodiesMaskValuesUnderSecretLookingNames()
    {
        var body = new JsonObject
        {
            ["credentialId"] = "c1",
            ["additionalHeaders"] = new JsonObject { ["Authorization"] = "Bearer xoxb-1", ["X-Trace"] = "t" },
            ["requestBody"] = new JsonObject { ["apiKey"] = "k-123", ["password"] = "p", ["text"] = "token talk is fine as text" },
        };

        var logged = JsonRedaction.ForLog(body);

        Assert.DoesNotContain("xoxb-1", logged);
        Assert.DoesNotContain("k-123", logged);
        Assert.Contains("\"X-Trace\":\"t\"", logged);
        Assert.Contains("token talk is fine as text", logged);
        Assert.Contains(SecretText.Mask, logged);
        Assert.Equal("Bearer xoxb-1", (string?)body["additionalHeaders"]!["Authorization"]); // the request itself is untouched
    }

    [Fact]
    public void RedactionMasksTheKeyAndItsLongPrefix()
    {
        var key = ClientFactory.ApiKey;
        var text = $"full {key} and prefix {key[..14]} end";

        var redacted = SecretText.Redact(text, SecretText.ToSecureString(key));

        SecretAssert.Absent(redacted);
        Assert.StartsWith("full [redacted] and prefix [redacted]", redacted);
    }
}
