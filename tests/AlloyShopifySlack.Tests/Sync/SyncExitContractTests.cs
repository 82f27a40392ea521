using System.Management.Automation;
using AlloyShopifySlack.Emulator.Infrastructure;
using AlloyShopifySlack.Tests.Infrastructure;
using AlloyShopifySlack.Tests.Sync.Crash;

namespace AlloyShopifySlack.Tests.Sync;

/// <summary>
/// What a scheduled run needs: a run that cannot do its job stops the script (nothing posted, nothing stored),
/// a run that leaves alerts failing says so, and thresholds are read one way. Hosted against the in-process emulator;
/// tests/pester/Sync.Tests.ps1 checks the same contract through real pwsh processes and their exit codes.
/// </summary>
[Collection(EmulatorSyncCollection.Name)]
public sealed class SyncExitContractTests : OrderSyncCmdletTestBase
{
    public SyncExitContractTests() : base(withChannel: false) { }

    private new HostedResult Sync(string extra) => _host.Invoke("Invoke-OrderSync @p " + extra + "; 'after the sync'");

    private bool StateWritten => Directory.Exists(_state) && Directory.EnumerateFiles(_state).Any();

    [Fact]
    public void An_unknown_channel_stops_the_script_before_anything_is_posted_or_stored()
    {
        _census.Add(3, 800m);
        var run = Sync("-Channel C0NOPE0000");

        var error = run.TerminatingError!;
        Assert.StartsWith("SlackChannelNotFound", error.FullyQualifiedErrorId);
        Assert.Contains("C0NOPE0000", error.ToString());
        Assert.Contains("Nothing was posted", error.ToString());
        Assert.False(string.IsNullOrEmpty(error.ErrorDetails?.RecommendedAction));
        Assert.DoesNotContain(run.Output, o => Equals(o.BaseObject, "after the sync")); // the next statement did not run
        Assert.DoesNotContain(run.Information, line => line.Contains("All required credentials were found"));
        Assert.Equal(0, _census.MessageCount);
        Assert.False(StateWritten);
    }

    [Fact]
    public void Every_channel_that_cannot_take_alerts_is_named_in_one_error()
    {
        _emulator.State.Slack.AddChannel("C0PUBLICNO1", "public-no-bot", isMember: false);
        _census.Add(2, 800m);
        var run = Sync("-Channel C0PUBLICNO1 -Route (New-OrderRoute -MinimumTotal 10000 -Channel C0ARCHIVED1)");

        var error = run.TerminatingError!;
        Assert.StartsWith("SlackChannelUnusable", error.FullyQualifiedErrorId);
        Assert.Contains("not a member of #public-no-bot (C0PUBLICNO1)", error.ToString());
        Assert.Contains("#old-alerts (C0ARCHIVED1) is archived", error.ToString());
        Assert.Equal(0, _census.MessageCount);
        Assert.False(StateWritten);
    }

    [Fact]
    public void A_channel_that_cannot_be_checked_is_warned_about_and_posted_to()
    {
        _emulator.State.Faults.Add(FaultKind.SlackError, "conversations_info", configure: f => f.SlackError = "missing_scope");
        _census.Add(1, 800m);
        var run = Sync("-Channel " + _emulator.Tenant.ChannelId);

        Assert.Null(run.Terminating);
        Assert.Contains(run.Warnings, w => w.Contains("Could not check Slack channel") && w.Contains("missing_scope"));
        Assert.Equal(1, _census.MessageCount);
    }

    [Fact]
    public void A_continuous_run_whose_first_round_cannot_work_ends_instead_of_looping()
    {
        _census.Add(1, 800m);
        var run = Sync("-Channel C0NOPE0000 -Continuous -MaxIterations 3 -IntervalSeconds 0");

        Assert.StartsWith("SlackChannelNotFound", run.TerminatingError!.FullyQualifiedErrorId);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void Alerts_waiting_for_a_retry_make_the_run_unsuccessful_and_say_so()
    {
        _emulator.State.Faults.Add(FaultKind.SlackError, "chat_postMessage", count: 1, configure: f => f.SlackError = "msg_too_long");
        _census.Add(1, 800m);
        var first = Sync("-Channel " + _emulator.Tenant.ChannelId);
        var second = Sync("-Channel " + _emulator.Tenant.ChannelId);

        foreach (var run in new[] { first, second })
        {
            Assert.Null(run.Terminating); // the run did its job: the next statement ran
            Assert.Contains(run.Output, o => Equals(o.BaseObject, "after the sync"));
            var result = run.Output.First(o => o.TypeNames[0] == "AlloyShopifySlack.OrderSyncResult");
            Assert.False((bool)result.Properties["Succeeded"].Value);
            Assert.StartsWith("OrderSyncAlertsFailed", Assert.Single(run.Errors).FullyQualifiedErrorId);
            Assert.DoesNotContain(run.Information, line => line.Contains("Completed without errors"));
        }
        Assert.Contains(second.Information, line => line.Contains("not delivered yet"));
        Assert.Contains("waiting to be retried", second.Errors[0].ToString());
    }

    [Fact]
    public void An_ambiguous_threshold_in_the_env_file_is_refused_showing_what_was_read()
    {
        File.WriteAllText(Path.Combine(_host.WorkingDirectory, ".env"), "ORDER_VALUE_THRESHOLD=500,50\n");
        _census.Add(1, 800m);
        var run = Sync("-Channel " + _emulator.Tenant.ChannelId);

        var error = run.TerminatingError!;
        Assert.StartsWith("OrderSyncNotConfigured", error.FullyQualifiedErrorId);
        Assert.Contains("ORDER_VALUE_THRESHOLD '500,50' is ambiguous", error.ToString());
        Assert.Contains(".env", error.ToString());
        Assert.Equal(0, _census.MessageCount);
    }

    [Theory]
    [InlineData("'500,50'", "ambiguous")]
    [InlineData("'1.000,00'", "mixes")]
    [InlineData("500,50", "is a list (500, 50)")]
    public void MinimumTotal_as_ambiguous_text_or_a_list_is_refused(string argument, string expected)
    {
        var run = _host.Invoke("New-OrderRoute -MinimumTotal " + argument + " -Channel C0ALERTS001");
        var error = (run.TerminatingError ?? Assert.Single(run.Errors))!;
        Assert.IsAssignableFrom<ParameterBindingException>(error.Exception);
        Assert.Contains(expected, error.ToString());
    }

    [Fact]
    public void MinimumTotal_as_invariant_text_is_read_as_the_environment_is()
    {
        var run = _host.Invoke("(New-OrderRoute -MinimumTotal '500.50' -Channel C0ALERTS001).MinimumTotal");
        Assert.Equal(500.50m, Assert.Single(run.Output).BaseObject);
    }
}
