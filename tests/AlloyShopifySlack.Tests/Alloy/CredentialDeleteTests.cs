using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Emulator;
using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Credential delete: the user route, and the connector route when the user route answers 404.</summary>
public sealed class CredentialDeleteTests
{
    private static async Task<EmulatorServer> Start(bool realistic, CredentialDeleteRoutes routes)
    {
        var options = SchemaTestKit.Options(realistic);
        options.CredentialDeleteRoutes = routes;
        return await EmulatorServer.StartAsync(options);
    }

    private static string UserRoute(EmulatorServer e, string id) => $"/users/{e.Tenant.UserId}/credentials/{id}";

    [Theory]
    [InlineData(false, CredentialDeleteRoutes.Both)]
    [InlineData(true, CredentialDeleteRoutes.Both)]
    [InlineData(false, CredentialDeleteRoutes.UserRoute)]
    public async Task Where_the_user_route_answers_it_is_the_only_one_used(bool realistic, CredentialDeleteRoutes routes)
    {
        await using var emulator = await Start(realistic, routes);
        var recorder = new RecordingHandler();
        using var client = SchemaTestKit.Client(emulator, recorder);
        var slack = emulator.Tenant.SlackCredentialId;

        await client.DeleteCredentialAsync(slack, "slack", CancellationToken.None);

        Assert.Null(emulator.State.Directory.FindCredential(slack));
        Assert.Equal(new[] { (HttpMethod.Delete, UserRoute(emulator, slack)) }, recorder.Sent.Select(s => (s.Method, s.Path)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_404_from_the_user_route_deletes_through_the_connector_route(bool realistic)
    {
        await using var emulator = await Start(realistic, CredentialDeleteRoutes.ConnectorRoute);
        var recorder = new RecordingHandler();
        using var client = SchemaTestKit.Client(emulator, recorder);
        var tenant = emulator.Tenant;

        await client.DeleteCredentialAsync(tenant.SlackCredentialId, "slack", CancellationToken.None);        // connector given
        await client.DeleteCredentialAsync(tenant.GoogleSheetsCredentialId, null, CancellationToken.None);    // connector from the list

        Assert.Null(emulator.State.Directory.FindCredential(tenant.SlackCredentialId));
        Assert.Null(emulator.State.Directory.FindCredential(tenant.GoogleSheetsCredentialId));
        var sheets = realistic ? "googleSheets" : "googlesheets";
        Assert.Equal(1, recorder.Count(HttpMethod.Delete, $"/connectors/slack/credentials/{tenant.SlackCredentialId}"));
        Assert.Equal(1, recorder.Count(HttpMethod.Delete, $"/connectors/{sheets}/credentials/{tenant.GoogleSheetsCredentialId}"));

        // Learned: with the connector known, the next delete goes straight to the connector route.
        var before = recorder.Sent.Count;
        await client.DeleteCredentialAsync(tenant.ShopifyCredentialId, "shopify", CancellationToken.None);
        Assert.Equal(new[] { (HttpMethod.Delete, $"/connectors/shopify/credentials/{tenant.ShopifyCredentialId}") },
            recorder.Sent.Skip(before).Select(s => (s.Method, s.Path)));
    }

    [Theory]
    [InlineData(CredentialDeleteRoutes.Both)]
    [InlineData(CredentialDeleteRoutes.ConnectorRoute)]
    public async Task A_credential_neither_route_nor_the_list_knows_is_not_found(CredentialDeleteRoutes routes)
    {
        await using var emulator = await Start(realistic: true, routes);
        using var client = SchemaTestKit.Client(emulator);

        await Assert.ThrowsAsync<AlloyNotFoundException>(() => client.DeleteCredentialAsync("0123456789abcdef01234567", null,
            CancellationToken.None));
        await Assert.ThrowsAsync<AlloyNotFoundException>(() => client.DeleteCredentialAsync("0123456789abcdef01234567", "slack",
            CancellationToken.None));
        Assert.Equal(3, emulator.State.Directory.CredentialsOf(emulator.Tenant.UserId).Count);
    }

    [Fact]
    public async Task Remove_AlloyCredential_piped_from_Get_AlloyCredential_works_where_only_the_connector_route_answers()
    {
        await using var emulator = await Start(realistic: true, CredentialDeleteRoutes.ConnectorRoute);
        using var host = new PowerShellHost();
        host.Invoke("Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2]", emulator.ApiKey, emulator.BaseUri,
            emulator.Tenant.UserId);

        var removed = host.Invoke("Get-AlloyCredential -ConnectorId slack | Remove-AlloyCredential -Force -Verbose");
        var missing = host.Invoke("Remove-AlloyCredential -CredentialId 0123456789abcdef01234567 -Force");

        Assert.Empty(removed.Errors);
        Assert.Null(emulator.State.Directory.FindCredential(emulator.Tenant.SlackCredentialId));
        Assert.Contains(removed.Verbose, v => v.Contains("through connector slack"));
        Assert.Equal("AlloyCredentialNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }
}
