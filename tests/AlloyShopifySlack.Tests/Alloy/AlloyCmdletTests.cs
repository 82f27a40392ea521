using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>The generic cmdlets, hosted in a runspace, against the emulator.</summary>
public sealed class AlloyCmdletTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly PowerShellHost _host = new();
    private readonly AlloyConnection _connection;

    public AlloyCmdletTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        emulator.Server.State.Reset();
        _connection = ClientFactory.Connection(emulator.Server.BaseUri, userId: emulator.Server.Tenant.UserId);
    }

    public void Dispose()
    {
        _host.Dispose();
        _connection.Dispose();
    }

    private HostedResult Run(string script, params object?[] more) => _host.Invoke(script,
        new object?[] { _connection }.Concat(more).ToArray());

    [Fact]
    public void GetAlloyUserListsUsersWithTheContractTypeName()
    {
        var result = Run("Get-AlloyUser -Connection $args[0]");

        var user = Assert.Single(result.Output);
        Assert.Equal("AlloyShopifySlack.AlloyUser", user.TypeNames[0]);
        Assert.Equal("demo-merchant", user.Properties["Username"].Value);
        Assert.Equal(_emulator.Server.Tenant.UserId, user.Properties["UserId"].Value);
    }

    [Fact]
    public void NewAlloyUserCreatesThenReusesAndRefusesADuplicateWithAHint()
    {
        var created = Run("New-AlloyUser -Connection $args[0] -Username acme -FullName 'Acme Owner'");
        var reused = Run("New-AlloyUser -Connection $args[0] -Username acme -ReuseExisting");
        var duplicate = Run("New-AlloyUser -Connection $args[0] -Username acme");

        var id = Assert.Single(created.Output).Properties["UserId"].Value;
        Assert.Equal(id, Assert.Single(reused.Output).Properties["UserId"].Value);
        var error = Assert.Single(duplicate.Errors);
        Assert.Equal("AlloyUserExists", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Contains("-ReuseExisting", error.Exception.Message);
        Assert.Equal(2, _emulator.Server.State.Directory.Users.Count);
    }

    [Fact]
    public void NewAlloyUserTakesUsernamesFromThePipelineAndGoesOnAfterABadOne()
    {
        var result = Run("@([pscustomobject]@{ Username = 'one' }, [pscustomobject]@{ Username = 'demo-merchant' }, [pscustomobject]@{ " +
            "Username = 'two' }) | New-AlloyUser -Connection $args[0]");

        Assert.Equal(new[] { "one", "two" }, result.Output.Select(o => o.Properties["Username"].Value));
        Assert.Single(result.Errors);
    }

    [Fact]
    public void NewAndRemoveWithWhatIfSendNothingAtAll()
    {
        var result = Run("New-AlloyUser -Connection $args[0] -Username ghost -WhatIf; New-AlloyUser -Connection $args[0] -Username ghost " +
            "-ReuseExisting -WhatIf; Remove-AlloyUser -Connection $args[0] -Username demo-merchant -WhatIf");

        Assert.Empty(result.Output);
        Assert.Empty(result.Errors);
        Assert.Equal(0, _emulator.AlloyRequests);
        Assert.Single(_emulator.Server.State.Directory.Users);
    }

    [Fact]
    public void GetAlloyUserByNameSupportsWildcardsAndExplainsAMissingName()
    {
        Run("$c = $args[0]; 'shop-a','shop-b','other' | ForEach-Object { New-AlloyUser -Connection $c -Username $_ }");

        var matches = Run("Get-AlloyUser -Connection $args[0] -Username shop-*");
        var missing = Run("Get-AlloyUser -Connection $args[0] -Username nobody");

        Assert.Equal(new[] { "shop-a", "shop-b" }, matches.Output.Select(o => o.Properties["Username"].Value).OrderBy(n => n));
        Assert.Equal("AlloyUserNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("New-AlloyUser -Username 'nobody'", missing.Errors[0].Exception.Message);
    }

    [Fact]
    public void RemoveAlloyUserHonoursWhatIfAsksWithoutForceAndRemovesPipedUsersWithForce()
    {
        Run("New-AlloyUser -Connection $args[0] -Username temp");
        var before = _emulator.Server.State.Counters["DELETE /users/{userId}"];

        var whatIf = Run("Get-AlloyUser -Connection $args[0] -Username temp | Remove-AlloyUser -Connection $args[0] -WhatIf");
        var unconfirmed = Run("Get-AlloyUser -Connection $args[0] -Username temp | Remove-AlloyUser -Connection $args[0]");
        Assert.Equal(2, _emulator.Server.State.Directory.Users.Count);
        Assert.Empty(whatIf.Errors);
        Assert.NotNull(
            unconfirmed.Terminating ?? (object?)unconfirmed.Errors.FirstOrDefault()); // no host to ask: it refuses rather than deletes

        var forced = Run("Get-AlloyUser -Connection $args[0] -Username temp | Remove-AlloyUser -Connection $args[0] -Force");
        Assert.Empty(forced.Errors);
        Assert.Single(_emulator.Server.State.Directory.Users);
        Assert.Equal(0, before);
    }

    [Fact]
    public void RemoveAlloyUserByNameThatDoesNotExistIsAClearError()
    {
        var result = Run("Remove-AlloyUser -Connection $args[0] -Username nobody -Force");
        Assert.Equal("AlloyUserNotFound", Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void ConnectorsAndActionsAreListedAndAnActionsSchemaHasItsParameters()
    {
        var connectors = Run("Get-AlloyConnector -Connection $args[0]");
        var actions = Run("Get-AlloyConnector -Connection $args[0] -ConnectorId slack | Get-AlloyAction -Connection $args[0]");
        var schema = Run("Get-AlloyAction -Connection $args[0] -ConnectorId slack -ActionId chat_postMessage");

        Assert.Equal(new[] { "shopify", "slack", "googlesheets" }, connectors.Output.Select(o => o.Properties["Id"].Value));
        Assert.Equal("AlloyShopifySlack.AlloyConnector", connectors.Output[0].TypeNames[0]);
        Assert.Contains("chat_postMessage", actions.Output.Select(o => o.Properties["Id"].Value));
        Assert.Equal("AlloyShopifySlack.AlloyAction", actions.Output[0].TypeNames[0]);
        var parameters = (IEnumerable<AlloyActionParameter>)Assert.Single(schema.Output).Properties["Parameters"].Value;
        Assert.Contains(parameters, p => p.Name == "channel" && p.Required);
    }

    [Fact]
    public void AnUnknownActionErrorListsTheActions()
    {
        var result = Run("Get-AlloyAction -Connection $args[0] -ConnectorId slack -ActionId chat_postMesage");

        var error = Assert.Single(result.Errors);
        Assert.Equal("AlloyNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("chat_postMessage", error.Exception.Message);
    }

    [Fact]
    public void InvokeAlloyActionTakesHashtablesOrJsonAndWritesPSObjects()
    {
        var channel = _emulator.Server.Tenant.ChannelId;
        var credential = _emulator.Server.Tenant.SlackCredentialId;

        var fromHashtable = Run("Invoke-AlloyAction -Connection $args[0] -ConnectorId slack -ActionId chat_postMessage -CredentialId " +
            "$args[1] -RequestBody @{ channel = $args[2]; text = 'hello & <world>' }", credential, channel);
        var fromJson = Run("Invoke-AlloyAction -Connection $args[0] -ConnectorId slack -ActionId chat_postMessage -CredentialId $args[1] " +
            "-RequestBody ('{\"channel\":\"' + $args[2] + '\",\"text\":\"second\"}')", credential, channel);

        Assert.Empty(fromHashtable.Errors);
        var answer = Assert.Single(fromHashtable.Output);
        Assert.Equal(true, answer.Properties["ok"].Value);
        Assert.False(string.IsNullOrEmpty(answer.Properties["ts"].Value as string));
        Assert.Empty(fromJson.Errors);
        Assert.Equal(2, _emulator.Server.State.Slack.Messages(channel).Count);
    }

    [Fact]
    public void InvokeAlloyActionWhatIfSendsNothing()
    {
        var result = Run("Invoke-AlloyAction -Connection $args[0] -ConnectorId slack -ActionId chat_postMessage -CredentialId x " +
            "-RequestBody @{ channel = 'C1'; text = 'x' } -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Equal(0, _emulator.AlloyRequests);
    }

    [Fact]
    public void ASlackOkFalseIsAnErrorNotASuccess()
    {
        var result = Run("Invoke-AlloyAction -Connection $args[0] -ConnectorId slack -ActionId chat_postMessage -CredentialId $args[1] " +
            "-RequestBody @{ channel = $args[2]; text = 'x' }",
            _emulator.Server.Tenant.SlackCredentialId, _emulator.Server.Tenant.NotMemberChannelId);

        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("SlackError", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("not_in_channel", error.Exception.Message);
    }

    [Fact]
    public void InvalidJsonInAParameterIsAClearErrorAndNothingIsSent()
    {
        var result = Run("Invoke-AlloyAction -Connection $args[0] -ConnectorId slack -ActionId chat_postMessage -CredentialId x " +
            "-QueryParameters '{not json'");

        Assert.Contains("-QueryParameters is not valid JSON", Assert.Single(result.Errors).Exception.Message);
        Assert.Equal(0, _emulator.AlloyRequests);
    }

    [Fact]
    public void CredentialsAreListedTypedAndRemovedThroughThePipeline()
    {
        var all = Run("Get-AlloyCredential -Connection $args[0]");
        var slack = Run("Get-AlloyCredential -Connection $args[0] -ConnectorId slack");
        var removed = Run("Get-AlloyCredential -Connection $args[0] -ConnectorId slack | Remove-AlloyCredential -Connection " +
            "$args[0] -Force");

        Assert.Equal(3, all.Output.Count);
        Assert.Equal("AlloyShopifySlack.AlloyCredential", all.Output[0].TypeNames[0]);
        Assert.Equal(_emulator.Server.Tenant.SlackCredentialId, Assert.Single(slack.Output).Properties["CredentialId"].Value);
        Assert.Empty(removed.Errors);
        Assert.DoesNotContain(_emulator.Server.State.Directory.Credentials,
            c => c.CredentialId == _emulator.Server.Tenant.SlackCredentialId);
    }

    [Fact]
    public void RemoveAlloyCredentialWhatIfSendsNothing()
    {
        var result = Run("Remove-AlloyCredential -Connection $args[0] -CredentialId $args[1] -WhatIf",
            _emulator.Server.Tenant.SlackCredentialId);

        Assert.Empty(result.Errors);
        Assert.Equal(0, _emulator.AlloyRequests);
        Assert.Equal(3, _emulator.Server.State.Directory.Credentials.Count);
    }

    [Fact]
    public void CredentialMetadataShowsTheAuthenticationTypeAndFields()
    {
        var result = Run("Get-AlloyCredentialMetadata -Connection $args[0] -ConnectorId shopify");

        var metadata = Assert.Single(result.Output);
        Assert.Equal("AlloyShopifySlack.AlloyCredentialMetadata", metadata.TypeNames[0]);
        Assert.Equal("oauth2", metadata.Properties["AuthenticationType"].Value);
        Assert.Contains("redirectUri", (IEnumerable<string>)metadata.Properties["InputFields"].Value);
    }
}
