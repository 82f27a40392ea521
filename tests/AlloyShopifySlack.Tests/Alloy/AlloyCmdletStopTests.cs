using System.Management.Automation;
using System.Management.Automation.Runspaces;
using AlloyShopifySlack.Alloy;
using static AlloyShopifySlack.Tests.Alloy.ScriptedHandler;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Ctrl+C (PowerShell.Stop) ends a cmdlet that waits on a request that never answers.</summary>
public sealed class AlloyCmdletStopTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("Get-AlloyConnector -Connection $args[0]", "GET", "/connectors")]
    [InlineData("Invoke-AlloyAction -Connection $args[0] -ConnectorId slack -ActionId chat_postMessage -CredentialId c1 -RequestBody @{ " +
        "channel = 'C1'; text = 'x' }", "POST", "/connectors/slack/actions/chat_postMessage/execute")]
    public async Task StoppingThePipelineEndsAWaitingCmdletPromptly(string script, string method, string path)
    {
        var handler = new ScriptedHandler().On(new HttpMethod(method), path, Never);
        using var connection = ClientFactory.Connection(handler);
        using var runspace = OpenRunspace();
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script).AddArgument(connection);

        var running = shell.BeginInvoke();
        await handler.WaitForRequestsAsync(1);
        Assert.False(running.IsCompleted);

        await Task.Run(() => shell.Stop()).WaitAsync(HangGuard);

        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(running));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task AfterAStopTheSameConnectionStillWorks()
    {
        var handler = new ScriptedHandler()
            .Once(HttpMethod.Get, "/connectors", Never)
            .On(HttpMethod.Get, "/connectors", () => JsonReply("""{"connectors":[{"id":"slack"}]}"""));
        using var connection = ClientFactory.Connection(handler);
        using var runspace = OpenRunspace();
        using (var first = PowerShell.Create())
        {
            first.Runspace = runspace;
            first.AddScript("Get-AlloyConnector -Connection $args[0]").AddArgument(connection);
            var running = first.BeginInvoke();
            await handler.WaitForRequestsAsync(1);
            await Task.Run(() => first.Stop()).WaitAsync(HangGuard);
        }

        using var second = PowerShell.Create();
        second.Runspace = runspace;
        var output = second.AddScript("Get-AlloyConnector -Connection $args[0]").AddArgument(connection).Invoke();

        Assert.Equal("slack", Assert.Single(output).Properties["Id"].Value);
    }

    private static Runspace OpenRunspace()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(typeof(AlloyConnection).Assembly.Location);
        var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        return runspace;
    }
}
