namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Checks that text shows neither the test key nor a long piece of it.</summary>
public static class SecretAssert
{
    public static void Absent(string? text, string key = ClientFactory.ApiKey)
    {
        text ??= string.Empty;
        Assert.DoesNotContain(key, text);
        // Any 10-character window of the key would already help an attacker.
        for (var start = 0; start + 10 <= key.Length; start++)
            Assert.False(text.Contains(key.Substring(start, 10), StringComparison.Ordinal), $"a piece of the key ({start}..{start + 10}) " +
                $"appears in: {text}");
    }
}
