using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Setup;

public sealed class ConnectCommandTests
{
    private static AlloyCredential Credential(PSObject item) => (AlloyCredential)item.BaseObject;

    [Fact]
    public async Task NoBrowser_prints_the_url_and_returns_the_new_credential_once_visited()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = new SetupRunspace(emulator);

        var result = session.Invoke("Connect-AlloyShopify -ShopName alloy-demo-store -NoBrowser", "allow");

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var item = Assert.Single(result.Output);
        Assert.Contains("AlloyShopifySlack.AlloyCredential", item.TypeNames);
        var credential = Credential(item);
        Assert.NotEqual(emulator.Tenant.ShopifyCredentialId, credential.CredentialId);
        Assert.Equal("shopify", credential.ConnectorId);
        Assert.Contains(emulator.State.Directory.CredentialsOf(emulator.Tenant.UserId, "shopify"),
            c => c.CredentialId == credential.CredentialId);

        var warning = Assert.Single(result.Warnings);
        Assert.Contains("/_emulator/oauth/authorize?state=", warning);
        Assert.Contains(result.Information, line => line.Contains("/_emulator/oauth/authorize?state="));
        Assert.Contains("return to the terminal", Assert.Single(session.VisitedPages));
        Assert.DoesNotContain(emulator.ApiKey, result.AllText());
    }

    public static TheoryData<CredentialListVariant, ShopifyStoreField, bool, ExecuteEnvelopeKind> ServerVariants => new()
    {
        { CredentialListVariant.UserCredentials, ShopifyStoreField.ShopSubdomain, false, ExecuteEnvelopeKind.SuccessResult },
        { CredentialListVariant.EmbeddedUserCredentials, ShopifyStoreField.DataSubdomain, true, ExecuteEnvelopeKind.ResponseData },
        { CredentialListVariant.ConnectorCredentials, ShopifyStoreField.DataShopName, true, ExecuteEnvelopeKind.SuccessResult },
    };

    [Theory]
    [MemberData(nameof(ServerVariants))]
    public async Task Works_against_servers_that_differ_in_what_the_api_facts_leave_open(
        CredentialListVariant listing, ShopifyStoreField storeField, bool bareType, ExecuteEnvelopeKind envelope)
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            CredentialListVariant = listing,
            OtherCredentialListings = DisabledListingBehavior.NotFound,
            ShopifyStoreField = storeField,
            BareCredentialType = bareType,
            Envelope = envelope,
        });
        using var session = new SetupRunspace(emulator);

        var result = session.Invoke("Connect-AlloyShopify -ShopName https://alloy-demo-store.myshopify.com/ -NoBrowser", "allow");

        Assert.Null(result.Terminating);
        var credential = Credential(Assert.Single(result.Output));
        var stored = Assert.Single(emulator.State.Directory.CredentialsOf(emulator.Tenant.UserId, "shopify"),
            c => c.CredentialId == credential.CredentialId);
        Assert.NotEqual(emulator.Tenant.ShopifyCredentialId, stored.CredentialId);
    }

    [Fact]
    public async Task Uses_the_credential_id_the_callback_carries()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OAuthCallback =
            OAuthCallbackParameters.CredentialId });
        using var session = new SetupRunspace(emulator);

        var result = session.Invoke("Connect-AlloySlack -NoBrowser -Verbose", "allow");

        var credential = Credential(Assert.Single(result.Output));
        Assert.Equal("slack", credential.ConnectorId);
        Assert.Contains(result.Verbose, line => line.Contains("with credential " + credential.CredentialId));
    }

    [Theory]
    [InlineData(false, "googlesheets")]
    [InlineData(true, "googleSheets")]
    public async Task Connects_google_sheets_too_under_the_id_alloy_lists(bool realistic, string connectorId)
    {
        var options = new EmulatorOptions();
        await using var emulator = await EmulatorServer.StartAsync(realistic
            ? options.UseRealisticProfile(historyIntervalSeconds: 1) : options);
        using var session = new SetupRunspace(emulator);
        var result = session.Invoke("Connect-AlloyGoogleSheets -NoBrowser", "allow");
        var credential = Credential(Assert.Single(result.Output));
        Assert.Equal(connectorId, credential.ConnectorId);
        Assert.NotNull(emulator.State.Directory.CredentialsOf(emulator.Tenant.UserId, connectorId).SingleOrDefault(
            c => c.CredentialId == credential.CredentialId));
    }

    [Fact]
    public async Task A_denial_on_the_callback_is_a_clear_error()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OAuthCallback =
            OAuthCallbackParameters.CredentialId });
        using var session = new SetupRunspace(emulator);

        var result = session.Invoke("Connect-AlloyShopify -ShopName alloy-demo-store -NoBrowser", "deny");

        var error = TerminatingRecord(result);
        Assert.Equal("OAuthDenied", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains("access_denied", error.Exception.Message);
        Assert.Contains("was not connected", Assert.Single(session.VisitedPages));
    }

    [Fact]
    public async Task No_new_credential_after_the_callback_is_a_clear_error()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OAuthCallback = OAuthCallbackParameters.None });
        using var session = new SetupRunspace(emulator);

        var result = session.Invoke("Connect-AlloyShopify -ShopName alloy-demo-store -NoBrowser", "deny");

        var error = TerminatingRecord(result);
        Assert.Equal("OAuthNoNewCredential", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("Get-AlloyCredential", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task Nobody_answering_times_out_and_frees_the_port()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = new SetupRunspace(emulator);
        var port = OAuthCallbackListenerTests.FreePort();

        var result = session.Invoke($"Connect-AlloySlack -NoBrowser -TimeoutSeconds 1 -RedirectUri http://127.0.0.1:{port}/callback", null);

        var error = TerminatingRecord(result);
        Assert.Equal("OAuthTimeout", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Contains("-TimeoutSeconds", error.ErrorDetails.RecommendedAction);
        AssertPortIsFree(port);
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error_before_anything_is_created()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = new SetupRunspace(emulator);
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = session.Invoke($"Connect-AlloySlack -NoBrowser -RedirectUri http://localhost:{port}/callback", "allow");

        var error = TerminatingRecord(result);
        Assert.Equal("OAuthPortInUse", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains(port.ToString(), error.Exception.Message);
        Assert.Empty(result.Warnings);   // no consent URL was ever shown
    }

    [Fact]
    public async Task Ctrl_C_while_waiting_stops_promptly_and_frees_the_port()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = new SetupRunspace(emulator);
        var port = OAuthCallbackListenerTests.FreePort();

        var result = session.InvokeAndStopWhenWaiting($"Connect-AlloySlack -NoBrowser -RedirectUri http://127.0.0.1:{port}/callback");

        Assert.Equal(PSInvocationState.Stopped, session.LastState);
        Assert.Empty(result.Output);
        AssertPortIsFree(port);
    }

    [Fact]
    public async Task WhatIf_creates_nothing()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = new SetupRunspace(emulator);
        var before = emulator.State.Directory.Credentials.Count;

        var result = session.Invoke("Connect-AlloyShopify -ShopName alloy-demo-store -WhatIf", "allow");

        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        Assert.Empty(result.Warnings);
        Assert.Equal(before, emulator.State.Directory.Credentials.Count);
    }

    [Fact]
    public async Task A_bad_shop_name_is_refused_before_any_request()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        using var session = new SetupRunspace(emulator);
        var result = session.Invoke("Connect-AlloyShopify -ShopName 'not a store' -NoBrowser", "allow");
        Assert.Equal("ShopNameInvalid", TerminatingRecord(result).FullyQualifiedErrorId.Split(',')[0]);
    }

    internal static ErrorRecord TerminatingRecord(Tests.Infrastructure.HostedResult result)
    {
        // A cmdlet's terminating error ends its statement; in a script it reaches the Error stream.
        if (result.Terminating is RuntimeException runtime) return runtime.ErrorRecord;
        return Assert.Single(result.Errors);
    }

    private static void AssertPortIsFree(int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, port);
        probe.Start();   // throws if the listener still held it
        probe.Stop();
    }
}
