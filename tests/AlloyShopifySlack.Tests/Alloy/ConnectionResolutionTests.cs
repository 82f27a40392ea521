using AlloyShopifySlack.Tests.Infrastructure;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Tests that change process environment variables; they must not run beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>
/// The contract's resolution order: explicit parameter → -Connection → the session's connection (Connect-Alloy) →
/// environment variables → ./.env (which never overrides a set variable); and the no-key error.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ConnectionResolutionTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private static readonly string[] Variables = { "ALLOY_API_KEY", "ALLOY_BASE_URL", "ALLOY_USER_ID", "ALLOY_API_VERSION" };
    private const string Closed = "http://127.0.0.1:1/";
    private readonly EmulatorFixture _emulator;
    private readonly Dictionary<string, string?> _saved;
    private readonly PowerShellHost _host = new();

    public ConnectionResolutionTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        emulator.Server.State.Reset();
        _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        foreach (var variable in Variables) Environment.SetEnvironmentVariable(variable, null);
    }

    public void Dispose()
    {
        _host.Dispose();
        foreach (var pair in _saved) Environment.SetEnvironmentVariable(pair.Key, pair.Value);
    }

    private string Emulator => _emulator.Server.BaseUri.ToString();
    private string TenantUser => _emulator.Server.Tenant.UserId;

    private void WriteDotEnv(string text) => File.WriteAllText(Path.Combine(_host.WorkingDirectory, ".env"), text);

    [Fact]
    public void WithoutAKeyAnywhereTheErrorNamesConnectAlloyAndTheVariable()
    {
        var result = _host.Invoke("Get-AlloyUser");

        var error = Assert.Single(result.Errors); // statement-terminating: the script would go on
        Assert.Equal("AlloyApiKeyMissing", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("Connect-Alloy", error.Exception.Message);
        Assert.Contains("ALLOY_API_KEY", error.Exception.Message);
    }

    [Fact]
    public void ADotEnvFileInTheCurrentDirectoryIsEnough()
    {
        WriteDotEnv($"# tenant\nALLOY_API_KEY={ClientFactory.ApiKey}\nALLOY_BASE_URL={Emulator}\nALLOY_USER_ID={TenantUser}\n");

        var users = _host.Invoke("Get-AlloyUser");
        var connection = _host.Invoke("(Get-AlloyConnection).KeySource");

        Assert.Empty(users.Errors);
        Assert.Single(users.Output);
        Assert.Contains(".env", connection.Output.Single().ToString());
    }

    [Fact]
    public void AnEnvironmentVariableWinsOverTheDotEnvFile()
    {
        WriteDotEnv($"ALLOY_API_KEY={ClientFactory.ApiKey}\nALLOY_BASE_URL={Closed}\n");
        Environment.SetEnvironmentVariable("ALLOY_BASE_URL", Emulator);

        var result = _host.Invoke("Get-AlloyConnector");

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Output.Count);
    }

    [Fact]
    public void TheSessionsConnectionWinsOverEnvironmentVariables()
    {
        Environment.SetEnvironmentVariable("ALLOY_API_KEY", "wrong-key-from-the-environment");
        Environment.SetEnvironmentVariable("ALLOY_BASE_URL", Closed);

        var result = _host.Invoke("Connect-Alloy -ApiKey $args[0] -BaseUri $args[1]; Get-AlloyConnector; (Get-AlloyConnection).KeySource",
            ClientFactory.ApiKey, Emulator);

        Assert.Empty(result.Errors);
        Assert.Equal(4, result.Output.Count);
        Assert.Equal("Connect-Alloy -ApiKey", result.Output.Last().ToString());
    }

    [Fact]
    public void AConnectionParameterWinsOverTheSessionsConnection()
    {
        using var tenant = ClientFactory.Connection(_emulator.Server.BaseUri);

        var result = _host.Invoke("Connect-Alloy -ApiKey wrong -BaseUri $args[1] -SkipCheck; Get-AlloyConnector -Connection $args[0]",
            tenant, Closed);

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Output.Count);
    }

    [Fact]
    public void AnExplicitParameterWinsOverEverything()
    {
        Environment.SetEnvironmentVariable("ALLOY_USER_ID", TenantUser);
        var other = _emulator.Server.State.Directory.AddUser("empty-tenant", null)!.UserId;

        var result = _host.Invoke("Connect-Alloy -ApiKey $args[0] -BaseUri $args[1] -UserId $args[2]; Get-AlloyCredential; '--'; " +
            "Get-AlloyCredential -UserId $args[3]",
            ClientFactory.ApiKey, Emulator, TenantUser, other);

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { 3, 0 }, new[] { result.Output.TakeWhile(o => o.ToString() != "--").Count(),
            result.Output.SkipWhile(o => o.ToString() != "--").Count() - 1 });
    }

    [Fact]
    public void TheUserComesFromTheEnvironmentWhenTheConnectionHasNone()
    {
        using var tenant = ClientFactory.Connection(_emulator.Server.BaseUri, userId: null);
        Environment.SetEnvironmentVariable("ALLOY_USER_ID", TenantUser);

        var result = _host.Invoke("Get-AlloyCredential -Connection $args[0]", tenant);

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Output.Count);
    }

    [Fact]
    public void A401SaysTheKeyCameFromTheDotEnvFile()
    {
        WriteDotEnv($"ALLOY_API_KEY=not-the-right-key-0000\nALLOY_BASE_URL={Emulator}\n");

        var result = _host.Invoke("Get-AlloyConnector");

        var error = Assert.Single(result.Errors);
        Assert.Equal("AlloyUnauthorized", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("ALLOY_API_KEY in " + Path.Combine(_host.WorkingDirectory, ".env"), error.Exception.Message);
        Assert.DoesNotContain("not-the-right-key", result.AllText());
    }

    [Fact]
    public void ConnectAlloyFromAnEnvFileCarriesItsValuesAndDisconnectForgetsIt()
    {
        var file = Path.Combine(_host.WorkingDirectory, "tenant.env");
        File.WriteAllText(file, $"ALLOY_API_KEY={ClientFactory.ApiKey}\nALLOY_BASE_URL={Emulator}\nALLOY_USER_ID={TenantUser}\n");

        var connected = _host.Invoke("Connect-Alloy -EnvFile $args[0] -PassThru | Format-List * | Out-String; " +
            "(Get-AlloyCredential).Count", file);
        var disconnected = _host.Invoke("Disconnect-Alloy; Get-AlloyConnection");

        Assert.Empty(connected.Errors);
        Assert.Contains("tenant.env", connected.Output[0].ToString());
        Assert.Equal(3, connected.Output[1].BaseObject);
        SecretAssert.Absent(connected.AllText());
        Assert.Equal("AlloyApiKeyMissing", Assert.Single(disconnected.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void AnEnvFilesSigningSecretIsCarriedForResolutionButNeverShown()
    {
        const string secret = "8f742231b10e8888abcd99yyyzzz85a5";
        var file = Path.Combine(_host.WorkingDirectory, "tenant.env");
        File.WriteAllText(file, $"ALLOY_API_KEY={ClientFactory.ApiKey}\nALLOY_BASE_URL={Emulator}\nSLACK_SIGNING_SECRET={secret}\nSLACK_" +
            "CHANNEL_ID=C123\n");

        var result = _host.Invoke("$c = Connect-Alloy -EnvFile $args[0] -PassThru; $c; $c | Format-List * | Out-String; $c | " +
            "ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue", file);

        var connection = Assert.IsType<AlloyShopifySlack.Alloy.AlloyConnection>(result.Output[0].BaseObject);
        Assert.Equal(secret, connection.ValuesForResolution()["SLACK_SIGNING_SECRET"].Value);
        Assert.Equal("C123", connection.Values["SLACK_CHANNEL_ID"].Value);
        Assert.False(connection.Values.ContainsKey("SLACK_SIGNING_SECRET"));
        Assert.DoesNotContain(secret, result.AllText());
        SecretAssert.Absent(result.AllText());
    }
}
