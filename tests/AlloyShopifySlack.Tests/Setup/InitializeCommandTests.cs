using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Tests.Setup;

public sealed class InitializeCommandTests
{
    private const string Command =
        "Initialize-AlloyShopifySlack -NonInteractive -ApiKey $args[0] -BaseUri $args[1] -ShopName alloy-demo-store " +
            "-SlackChannel $args[2] " +
        "-Username $args[3] -FullName 'New Merchant' -NoBrowser";

    private static SetupResult Result(Tests.Infrastructure.HostedResult hosted) => (SetupResult)Assert.Single(hosted.Output).BaseObject;

    [Fact]
    public async Task Non_interactive_set_up_leaves_a_dotenv_with_which_the_job_runs_without_further_configuration()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { SlackRateLimit = false });
        using var setup = new SetupRunspace(emulator, connect: false);
        var envPath = Path.Combine(setup.WorkingDirectory, ".env");
        File.WriteAllText(envPath, "# my settings\nORDER_VALUE_THRESHOLD=750\n");

        var hosted = setup.Invoke(Command + " -SaveApiKey", "allow", emulator.ApiKey, emulator.BaseUri, "C0ALERTS001", "new-merchant");

        Assert.Null(hosted.Terminating);
        Assert.Empty(hosted.Errors);
        var result = Result(hosted);
        var created = Assert.Single(emulator.State.Directory.Users, u => u.Username == "new-merchant");
        Assert.Equal(created.UserId, result.UserId);
        Assert.False(result.UserReused);
        Assert.All(result.Checks, c => Assert.Equal(HealthStatus.Ok, c.Status));
        Assert.Equal(new[] { "Connectors", "Shopify orders", "Slack post (WhatIf)" }, result.Checks.Select(c => c.Component));
        Assert.Contains("Read 5 order(s)", result.Checks[1].Detail);
        Assert.Empty(emulator.Messages("C0ALERTS001"));   // the Slack check only rehearses

        var text = File.ReadAllText(envPath);
        Assert.StartsWith("# my settings\nORDER_VALUE_THRESHOLD=750\n", text);
        var values = DotEnvFile.Read(envPath);
        Assert.Equal(created.UserId, values["ALLOY_USER_ID"]);
        Assert.Equal(result.ShopifyCredentialId, values["SHOPIFY_CREDENTIAL_ID"]);
        Assert.Equal(result.SlackCredentialId, values["SLACK_CREDENTIAL_ID"]);
        Assert.Equal("C0ALERTS001", values["SLACK_CHANNEL_ID"]);
        Assert.Equal("alloy-demo-store", values["SHOPIFY_STORE_DOMAIN"]);
        Assert.Equal(emulator.BaseUri.ToString(), values["ALLOY_BASE_URL"]);
        Assert.Equal(emulator.ApiKey, values["ALLOY_API_KEY"]);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(envPath));
        Assert.Contains(hosted.Warnings, w => w.Contains("plain text"));
        Assert.Contains(hosted.Information, line => line.Contains("Invoke-OrderSync"));

        // A new session in that folder, with nothing but the .env: the job's commands run.
        using var fresh = new SetupRunspace(emulator, setup.WorkingDirectory, connect: false);
        var orders = fresh.Invoke("Get-ShopifyOrder -Limit 3", null);
        Assert.Empty(orders.Errors);
        Assert.Equal(3, orders.Output.Count);
        var sync = fresh.Invoke("Invoke-OrderSync -Since (Get-Date).AddHours(-12) -StatePath ./sync-state -NoDigest", null);
        Assert.Empty(sync.Errors);
        var run = Assert.Single(sync.Output);
        Assert.Equal(750m, (decimal)run.Properties["Threshold"].Value);     // ORDER_VALUE_THRESHOLD from the user's own line
        Assert.Equal(0, (int)run.Properties["Failed"].Value);
        Assert.True((int)run.Properties["HighValueOrders"].Value > 0, "the sample store has high-value orders in the last 12 hours");
        Assert.Equal((int)run.Properties["HighValueOrders"].Value, emulator.Messages("C0ALERTS001").Count);
        var health = fresh.Invoke("Test-AlloyConnection", null);
        Assert.Empty(health.Errors);
        Assert.DoesNotContain(health.Output, o => (HealthStatus)o.Properties["Status"].Value == HealthStatus.Failed);
    }

    [Fact]
    public async Task Running_it_again_reuses_the_user_and_the_working_credentials()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var setup = new SetupRunspace(emulator, connect: false);
        var first = Result(setup.Invoke(Command, "allow", emulator.ApiKey, emulator.BaseUri, "C0ALERTS001", "again-merchant"));
        var credentialsAfterFirst = emulator.State.Directory.Credentials.Count;

        var hosted = setup.Invoke(Command, null, emulator.ApiKey, emulator.BaseUri, "C0ALERTS001", "again-merchant");

        var second = Result(hosted);
        Assert.Empty(hosted.Errors);
        Assert.True(second.UserReused);
        Assert.True(second.ShopifyCredentialReused);
        Assert.True(second.SlackCredentialReused);
        Assert.Equal(first.UserId, second.UserId);
        Assert.Equal(first.ShopifyCredentialId, second.ShopifyCredentialId);
        Assert.Equal(credentialsAfterFirst, emulator.State.Directory.Credentials.Count);
        Assert.Single(emulator.State.Directory.Users, u => u.Username == "again-merchant");
        Assert.DoesNotContain(hosted.Warnings, w => w.Contains("http"));   // no consent was needed
    }

    [Fact]
    public async Task Force_connects_again_and_an_existing_username_is_reused()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var setup = new SetupRunspace(emulator, connect: false);
        var usersBefore = emulator.State.Directory.Users.Count;

        var hosted = setup.Invoke(Command + " -Force", "allow", emulator.ApiKey, emulator.BaseUri, "#order-alerts",
            emulator.Tenant.Username);

        var result = Result(hosted);
        Assert.True(result.UserReused);
        Assert.Equal(emulator.Tenant.UserId, result.UserId);
        Assert.Equal(usersBefore, emulator.State.Directory.Users.Count);
        Assert.False(result.ShopifyCredentialReused);
        Assert.NotEqual(emulator.Tenant.ShopifyCredentialId, result.ShopifyCredentialId);
        Assert.Equal("C0ALERTS001", result.SlackChannelId);   // #order-alerts resolved through conversations_list
    }

    [Fact]
    public async Task Without_SaveApiKey_the_key_stays_out_of_the_file_and_the_user_is_told_what_to_set()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var setup = new SetupRunspace(emulator, connect: false);

        var hosted = setup.Invoke(Command, "allow", emulator.ApiKey, emulator.BaseUri, "C0ALERTS001", "keyless-merchant");

        Assert.Empty(hosted.Errors);
        var text = File.ReadAllText(Path.Combine(setup.WorkingDirectory, ".env"));
        Assert.DoesNotContain("ALLOY_API_KEY", text);
        Assert.DoesNotContain(emulator.ApiKey, text);
        Assert.Contains(hosted.Information, line => line.Contains("ALLOY_API_KEY"));
        Assert.DoesNotContain(emulator.ApiKey, hosted.AllText());
        // The session itself is connected, so the next command needs nothing more.
        var orders = setup.Invoke("Get-ShopifyOrder -Limit 1", null);
        Assert.Single(orders.Output);
    }

    [Fact]
    public async Task Non_interactive_with_a_value_missing_names_the_parameter()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var setup = new SetupRunspace(emulator, connect: false);

        var hosted = setup.Invoke("Initialize-AlloyShopifySlack -NonInteractive -ApiKey $args[0] -BaseUri $args[1] -SlackChannel " +
            "C0ALERTS001", null,
            emulator.ApiKey, emulator.BaseUri);

        var error = ConnectCommandTests.TerminatingRecord(hosted);
        Assert.Equal("InitializeInputMissing", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("-ShopName", error.Exception.Message);
        Assert.False(File.Exists(Path.Combine(setup.WorkingDirectory, ".env")));
    }

    [Fact]
    public async Task WhatIf_changes_nothing()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var setup = new SetupRunspace(emulator, connect: false);
        var users = emulator.State.Directory.Users.Count;

        var hosted = setup.Invoke(Command + " -WhatIf", "allow", emulator.ApiKey, emulator.BaseUri, "C0ALERTS001", "whatif-merchant");

        Assert.Empty(hosted.Errors);
        Assert.Equal(users, emulator.State.Directory.Users.Count);
        Assert.False(File.Exists(Path.Combine(setup.WorkingDirectory, ".env")));
    }

    [Fact]
    public async Task Interactively_it_asks_for_each_value_and_the_key_without_echo()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        var host = new ScriptedHost(lines: new[] { "alloy-demo-store", "#order-alerts", "prompted-merchant", "" },
            secrets: new[] { emulator.ApiKey });
        using var setup = new SetupRunspace(emulator, connect: false, host: host);

        var hosted = setup.Invoke("Initialize-AlloyShopifySlack -BaseUri $args[0] -NoBrowser", "allow", emulator.BaseUri);

        Assert.Empty(hosted.Errors);
        var result = Result(hosted);
        Assert.Equal("C0ALERTS001", result.SlackChannelId);
        Assert.Contains("API key", Assert.Single(host.SecretPrompts));
        Assert.Collection(host.Prompts,
            p => Assert.Contains("Shopify store", p),
            p => Assert.Contains("Slack channel", p),
            p => Assert.Contains("username", p),
            p => Assert.Contains("Full name [prompted-merchant]", p));
        var user = Assert.Single(emulator.State.Directory.Users, u => u.Username == "prompted-merchant");
        Assert.Equal("prompted-merchant", user.FullName);   // Enter took the offered default
        Assert.DoesNotContain(emulator.ApiKey, host.Screen);
        Assert.DoesNotContain(emulator.ApiKey, hosted.AllText());
    }
}
