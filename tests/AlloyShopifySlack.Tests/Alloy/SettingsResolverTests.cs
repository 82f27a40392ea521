using AlloyShopifySlack.Alloy;

namespace AlloyShopifySlack.Tests.Alloy;

public class SettingsResolverTests
{
    [Fact]
    public void ConnectionValuesWinOverEnvironmentWhichWinsOverDotEnv()
    {
        var directory = Directory.CreateTempSubdirectory("alloyps-").FullName;
        File.WriteAllText(Path.Combine(directory, ".env"), "SLACK_CHANNEL_ID=C_FILE\nALLOY_USER_ID=u_file\n# " +
            "comment\nORDER_VALUE_THRESHOLD=700 # inline\n");
        var environment = new Dictionary<string, string> { ["ALLOY_USER_ID"] = "u_env", ["SLACK_CHANNEL_ID"] = "C_ENV" };
        var connection = new Dictionary<string, ResolvedSetting> { ["SLACK_CHANNEL_ID"] = new("C_CONN", "Connect-Alloy") };

        var resolver = new SettingsResolver(connection, name => environment.GetValueOrDefault(name), directory);

        Assert.Equal("C_CONN", resolver.Get("SLACK_CHANNEL_ID"));
        Assert.Equal("u_env", resolver.Get("ALLOY_USER_ID"));
        Assert.Equal("700", resolver.Get("ORDER_VALUE_THRESHOLD"));
        Assert.Contains(".env", resolver.Resolve("ORDER_VALUE_THRESHOLD")!.Source);
        Assert.Null(resolver.Get("SHOPIFY_STORE_DOMAIN"));
    }
}
