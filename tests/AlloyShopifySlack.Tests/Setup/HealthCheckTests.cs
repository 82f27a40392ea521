using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Emulator.Infrastructure;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Tests.Setup;

public sealed class HealthCheckTests
{
    private const string Connect =
        "Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2]; " +
        "Set-Content .env (\"SHOPIFY_CREDENTIAL_ID=$($args[3])`nSLACK_CREDENTIAL_ID=$($args[4])\")";

    private static SetupRunspace Session(EmulatorServer emulator, string? slackCredential = null)
    {
        var session = new SetupRunspace(emulator, connect: false);
        session.Invoke(Connect, null, emulator.ApiKey, emulator.BaseUri, emulator.Tenant.UserId, emulator.Tenant.ShopifyCredentialId,
            slackCredential ?? emulator.Tenant.SlackCredentialId);
        return session;
    }

    private static Dictionary<string, HealthCheckResult> ByComponent(Tests.Infrastructure.HostedResult hosted) =>
        hosted.Output.Select(o => (HealthCheckResult)o.BaseObject).ToDictionary(r => r.Component);

    [Fact]
    public async Task Reports_one_result_per_component_and_no_error_when_all_is_well()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = Session(emulator);

        var hosted = session.Invoke("Test-AlloyConnection", null);

        Assert.Empty(hosted.Errors);
        var results = ByComponent(hosted);
        Assert.Equal(new[] { "Alloy", "Shopify", "Slack", "Google Sheets" }, results.Keys);
        Assert.Equal(HealthStatus.Ok, results["Alloy"].Status);
        Assert.Equal(HealthStatus.Ok, results["Shopify"].Status);
        Assert.Contains("Shop '", results["Shopify"].Detail);
        Assert.Equal(HealthStatus.Ok, results["Slack"].Status);
        Assert.Equal(HealthStatus.Skipped, results["Google Sheets"].Status);
        Assert.Contains("AlloyShopifySlack.HealthCheckResult", hosted.Output[0].TypeNames);
    }

    [Fact]
    public async Task Checks_google_sheets_when_configured()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = Session(emulator);

        var hosted = session.Invoke("Add-Content .env \"GOOGLE_SHEETS_CREDENTIAL_ID=$($args[0])`nGOOGLE_SHEETS_SPREADSHEET_ID=$($args[1])" +
            "\"; Test-AlloyConnection",
            null, emulator.Tenant.GoogleSheetsCredentialId, emulator.Tenant.SpreadsheetId);

        Assert.Equal(HealthStatus.Ok, ByComponent(hosted)["Google Sheets"].Status);
    }

    [Fact]
    public async Task A_broken_component_fails_with_a_remedy_and_an_error_for_scripts()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = Session(emulator, slackCredential: "0123456789abcdef01234567");

        var hosted = session.Invoke("Test-AlloyConnection", null);

        var results = ByComponent(hosted);
        Assert.Equal(HealthStatus.Ok, results["Shopify"].Status);
        Assert.Equal(HealthStatus.Failed, results["Slack"].Status);
        Assert.Contains("Connect-AlloySlack", results["Slack"].Remedy);
        var error = Assert.Single(hosted.Errors);
        Assert.Equal("AlloyHealthCheckFailed", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("Slack", error.Exception.Message);

        var stopped = session.Invoke("try { Test-AlloyConnection -ErrorAction Stop | Out-Null; 'went on' } catch { 'stopped' }", null);
        Assert.Equal("stopped", Assert.Single(stopped.Output).ToString());
        Assert.False((bool)Assert.Single(session.Invoke("Test-AlloyConnection -Quiet", null).Output).BaseObject);
    }

    [Fact]
    public async Task A_revoked_key_fails_alloy_and_skips_the_rest()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = Session(emulator);
        emulator.State.Faults.Add(FaultKind.RevokedKey);

        var hosted = session.Invoke("Test-AlloyConnection", null);

        var results = ByComponent(hosted);
        Assert.Equal(HealthStatus.Failed, results["Alloy"].Status);
        Assert.Contains("ALLOY_API_KEY", results["Alloy"].Remedy);
        Assert.Equal(HealthStatus.Skipped, results["Shopify"].Status);
        Assert.Equal(HealthStatus.Skipped, results["Slack"].Status);
        Assert.Single(hosted.Errors);
        Assert.DoesNotContain(emulator.ApiKey, hosted.AllText());
    }

    [Fact]
    public async Task Test_AlloyCredential_checks_one_credential_and_takes_them_from_the_pipeline()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = Session(emulator);

        var one = session.Invoke("Test-AlloyCredential $args[0]", null, emulator.Tenant.SlackCredentialId);
        var result = (HealthCheckResult)Assert.Single(one.Output).BaseObject;
        Assert.Equal(HealthStatus.Ok, result.Status);
        Assert.Equal("slack", result.Component);

        var piped = session.Invoke("[pscustomobject]@{ CredentialId = $args[0]; ConnectorId = 'shopify' }, [pscustomobject]@{ " +
            "CredentialId = 'feedfacefeedfacefeedface' } | Test-AlloyCredential",
            null, emulator.Tenant.ShopifyCredentialId);
        var results = piped.Output.Select(o => (HealthCheckResult)o.BaseObject).ToList();
        Assert.Equal(new[] { HealthStatus.Ok, HealthStatus.Failed }, results.Select(r => r.Status));
        Assert.Equal("AlloyCredentialTestFailed", Assert.Single(piped.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }
}
