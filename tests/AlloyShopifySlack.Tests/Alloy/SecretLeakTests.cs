using System.Net;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Emulator.Infrastructure;
using AlloyShopifySlack.Tests.Infrastructure;
using static AlloyShopifySlack.Tests.Alloy.ScriptedHandler;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>
/// The API key never appears: cmdlets run with -Verbose -Debug, on success and on every kind of failure, and every
/// stream they write (output, errors with their exceptions, warnings, verbose, debug, information) is searched.
/// </summary>
public sealed class SecretLeakTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private const string Everything = """
        $c = $args[0]
        Get-AlloyConnection -Connection $c -Verbose -Debug | Format-List * | Out-String
        $c.ToString()
        Get-AlloyConnection -Connection $c | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue
        Get-AlloyUser -Connection $c -Verbose -Debug
        Get-AlloyConnector -Connection $c -Verbose -Debug
        Get-AlloyAction -Connection $c -ConnectorId slack -ActionId chat_postMessage -Verbose -Debug | Format-List * | Out-String
        Get-AlloyCredential -Connection $c -Verbose -Debug
        Get-AlloyCredentialMetadata -Connection $c -ConnectorId shopify -Verbose -Debug
        New-AlloyUser -Connection $c -Username leak-check -ReuseExisting -Verbose -Debug
        Invoke-AlloyAction -Connection $c -ConnectorId slack -ActionId chat_postMessage -CredentialId $args[1] `
            -RequestBody @{ channel = $args[2]; text = 'hi' } -AdditionalHeaders @{ token = 'fake-bot-token-not-real' } -Verbose -Debug
        Invoke-AlloyAction -Connection $c -ConnectorId slack -ActionId chat_postMesage -CredentialId $args[1] -Verbose -Debug
        $Error | ForEach-Object { $_ | Format-List * -Force | Out-String; $_.Exception | Format-List * -Force | Out-String }
        """;

    private readonly EmulatorFixture _emulator;
    private readonly PowerShellHost _host = new();

    public SecretLeakTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        emulator.Server.State.Reset();
    }

    public void Dispose() => _host.Dispose();

    private HostedResult RunEverything(AlloyConnection connection) =>
        _host.Invoke(Everything, connection, _emulator.Server.Tenant.SlackCredentialId, _emulator.Server.Tenant.ChannelId);

    [Fact]
    public void OnSuccessNothingShowsTheKey()
    {
        using var connection = ClientFactory.Connection(_emulator.Server.BaseUri, userId: _emulator.Server.Tenant.UserId);

        var result = RunEverything(connection);

        Assert.Contains(result.Output, o => o.ToString().Contains("KeySource"));        // the streams were really written
        Assert.NotEmpty(result.Verbose);
        Assert.NotEmpty(result.Debug);
        Assert.Contains(result.Debug, d => d.Contains("requestBody"));
        SecretAssert.Absent(result.AllText());
        Assert.DoesNotContain("fake-bot-token-not-real",
            result.AllText()); // other secrets in request bodies are masked in the debug stream
    }

    [Theory]
    [InlineData(FaultKind.RevokedKey)]
    [InlineData(FaultKind.HttpError)]
    [InlineData(FaultKind.MalformedJson)]
    [InlineData(FaultKind.TruncatedJson)]
    [InlineData(FaultKind.Ambiguous)]
    public void OnFailureNothingShowsTheKey(FaultKind fault)
    {
        _emulator.Server.State.Faults.Add(fault);
        using var connection = ClientFactory.Connection(_emulator.Server.BaseUri, userId: _emulator.Server.Tenant.UserId,
            policy: ClientFactory.FastPolicy(2));

        var result = RunEverything(connection);

        Assert.NotEmpty(result.Errors);
        SecretAssert.Absent(result.AllText());
    }

    [Fact]
    public void WhenAlloyIsUnreachableNothingShowsTheKey()
    {
        using var connection = ClientFactory.Connection(new Uri("http://127.0.0.1:1/"), policy: ClientFactory.FastPolicy(2));

        var result = RunEverything(connection);

        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("AlloyUnreachable", StringComparison.Ordinal));
        SecretAssert.Absent(result.AllText());
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.OK)]
    public void AServerThatEchoesTheKeyIsRedacted(HttpStatusCode status)
    {
        // A careless server: every answer quotes the Authorization header it got, in JSON and in plain text.
        var echo = $$"""{"message":"bad request with Authorization: Bearer {{ClientFactory.ApiKey}}","success":false""" +
            $$""","error":"key {{ClientFactory.ApiKey[..16]}}"}""";
        var handler = new ScriptedHandler();
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete })
        {
            foreach (var path in new[] { "/users", "/connectors", "/connectors/slack/actions", "/connectors/slack/actions/chat_postMessage",
                "/connectors/slack/actions/chat_postMessage/execute",
                         "/connectors/slack/actions/chat_postMesage/execute", $"/users/{ClientFactory.UserId}/credentials",
                             "/connectors/shopify/credentials/metadata" })
                handler.On(method, path, () => JsonReply(status, echo));
        }
        handler.On(HttpMethod.Get, "/connectors/slack/credentials", () => Text(status, "plain text echo " + ClientFactory.ApiKey));
        using var connection = ClientFactory.Connection(handler, policy: ClientFactory.FastPolicy(2));

        var result = _host.Invoke(Everything, connection, "66fb00000000000000000001", "C1");

        Assert.NotEmpty(result.Errors);
        Assert.Contains(SecretText.Mask, result.AllText());
        SecretAssert.Absent(result.AllText());
    }

    [Fact]
    public void TheConnectionItselfShowsWhereTheKeyCameFromButNotTheKey()
    {
        using var connection = ClientFactory.Connection(_emulator.Server.BaseUri);

        Assert.Contains("Connect-Alloy -ApiKey", connection.ToString());
        SecretAssert.Absent(connection.ToString());
        SecretAssert.Absent(AlloyConnection.NoKey().Message);
    }
}
