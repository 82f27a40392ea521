using System.Management.Automation;
using System.Text.RegularExpressions;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Setup;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Ledger;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Every ErrorRecord the module writes says what to do (RecommendedAction), whatever failed.</summary>
public sealed class ErrorRecordRemedyTests
{
    public static IEnumerable<object[]> Failures()
    {
        foreach (var kind in Enum.GetValues<AlloyErrorKind>()) yield return new object[] { new AlloyException("Some" + kind, kind,
            "It failed.") };
        yield return new object[] { new SlackApiException("chat_postMessage", "not_in_channel", "C0ALERTS001") };
        yield return new object[] { new SlackApiException("chat_postMessage", "some_new_code") };
        yield return new object[] { SyncStateException.Locked("/tmp/x.lock", TimeSpan.FromSeconds(30)) };
        yield return new object[] { SyncStateException.Unreadable("/tmp/x.journal", "line 2 is not JSON") };
        yield return new object[] { new OnboardingException("OAuthPortInUse", OnboardingFailure.PortInUse, "The port is in use.",
            "Omit -RedirectUri.") };
        yield return new object[] { new SlackChannelUnusableException(new[] { new SlackChannelProblem("C0NOPE", null,
            SlackChannelProblemKind.NotFound) }) };
        yield return new object[] { new ArgumentException("Give at least one tag.", "tags") };
        yield return new object[] { new IOException("Disk full.") };
        yield return new object[] { new UnauthorizedAccessException("Access denied.") };
        yield return new object[] { new InvalidOperationException("Something nobody expected.") };
        yield return new object[] { new AggregateException(new AlloyUnreachableException("Could not reach Alloy.")) };
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void The_mapper_gives_every_failure_a_recommended_action(Exception failure)
    {
        var record = ErrorRecords.From(failure, null);
        Assert.False(string.IsNullOrWhiteSpace(record.ErrorDetails?.RecommendedAction), failure.GetType().Name);
        Assert.False(string.IsNullOrWhiteSpace(record.ErrorDetails?.Message));
    }

    [Theory]
    [InlineData(ErrorCategory.InvalidArgument)]
    [InlineData(ErrorCategory.ObjectNotFound)]
    [InlineData(ErrorCategory.ConnectionError)]
    [InlineData(ErrorCategory.ResourceUnavailable)]
    public void Records_made_from_a_message_get_a_recommended_action_even_without_one(ErrorCategory category)
    {
        var record = ErrorRecords.Create("SomethingFailed", category, "It failed.", null);
        Assert.False(string.IsNullOrWhiteSpace(record.ErrorDetails?.RecommendedAction));
    }

    [Fact]
    public void An_argument_error_does_not_show_the_internal_parameter_name()
    {
        var record = ErrorRecords.From(new ArgumentException("Give at least one tag, and no empty tags.", "tags"), null);
        Assert.Equal("Give at least one tag, and no empty tags.", record.ErrorDetails!.Message);
        Assert.DoesNotContain("Parameter 'tags'", record.ToString());
    }

    [Fact]
    public void An_exception_with_its_own_remedy_gets_it_as_the_recommended_action_and_keeps_its_id()
    {
        var record = ErrorRecords.From(new OnboardingException("OAuthPortInUse", OnboardingFailure.PortInUse, "The port is in use.",
            "Omit -RedirectUri."), null);
        Assert.Equal("Omit -RedirectUri.", record.ErrorDetails!.RecommendedAction);
        Assert.Equal("OAuthPortInUse", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, record.CategoryInfo.Category);
    }

    [Fact]
    public void A_slack_failure_recommends_slacks_own_remedy()
    {
        var record = ErrorRecords.From(new SlackApiException("chat_postMessage", "not_in_channel", "C0ALERTS001"), null);
        Assert.Contains("/invite", record.ErrorDetails!.RecommendedAction);
    }

    /// <summary>Cmdlets build records through the one mapper (ErrorRecords), never by hand.</summary>
    [Fact]
    public void No_cmdlet_builds_an_error_record_by_hand()
    {
        var cmdlets = Path.Combine(RepositoryRoot(), "src", "AlloyShopifySlack", "Cmdlets");
        var allowed = new[] { "ErrorRecords.cs" };
        var offenders = Directory.EnumerateFiles(cmdlets, "*.cs", SearchOption.AllDirectories)
            .Where(f => !allowed.Contains(Path.GetFileName(f)))
            .Where(f => Regex.IsMatch(File.ReadAllText(f), @"new\s+ErrorRecord\s*\("))
            .Select(Path.GetFileName).ToList();
        Assert.Empty(offenders);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "AlloyShopifySlack.psd1"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException(
            "The repository root (AlloyShopifySlack.psd1) was not found above the test folder.");
    }
}
