using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Slack;

public enum SlackChannelProblemKind { NotFound, NotMember, Archived }

/// <summary>One channel that cannot take alerts, and why.</summary>
public sealed class SlackChannelProblem
{
    public SlackChannelProblem(string channel, string? name, SlackChannelProblemKind kind)
    {
        Channel = channel;
        Name = name;
        Kind = kind;
    }

    public string Channel { get; }
    public string? Name { get; }
    public SlackChannelProblemKind Kind { get; }

    public string Describe() => Kind switch
    {
        SlackChannelProblemKind.NotFound => $"channel {Channel} was not found (or it is private and the app is not in it)",
        SlackChannelProblemKind.NotMember => $"the app is not a member of #{Name} ({Channel})",
        _ => $"#{Name} ({Channel}) is archived",
    };

    public string Remedy() => Kind switch
    {
        SlackChannelProblemKind.NotFound => "check the id (-Channel, New-OrderRoute -Channel or SLACK_CHANNEL_ID; ids look " +
            "like C0123456789)",
        SlackChannelProblemKind.NotMember => $"invite the app (/invite @app in #{Name})",
        _ => $"unarchive #{Name} or choose another channel",
    };
}

/// <summary>Channels checked before the first post cannot take alerts: the run stops with nothing posted and nothing stored.</summary>
public sealed class SlackChannelUnusableException : AlloyException, IRemedy
{
    public SlackChannelUnusableException(IReadOnlyList<SlackChannelProblem> problems)
        : base(ErrorIdFor(problems), problems.All(p => p.Kind == SlackChannelProblemKind.NotFound) ? AlloyErrorKind.NotFound
            : AlloyErrorKind.Configuration,
            Describe(problems))
    {
        Problems = problems;
        Remedy = string.Join("; ", problems.Select(p => p.Remedy())).Capitalized() + ", then run again.";
    }

    public IReadOnlyList<SlackChannelProblem> Problems { get; }
    public string Remedy { get; }

    private static string ErrorIdFor(IReadOnlyList<SlackChannelProblem> problems) =>
        problems.Select(p => p.Kind).Distinct().Count() > 1 ? "SlackChannelUnusable" : "SlackChannel" + problems[0].Kind;

    private static string Describe(IReadOnlyList<SlackChannelProblem> problems) =>
        "Slack cannot take the alerts: " + string.Join("; ", problems.Select(p => p.Describe())) +
        ". Nothing was posted or recorded. " + string.Join("; ", problems.Select(p => p.Remedy())).Capitalized() + ", then run again.";
}

internal static class SentenceText
{
    public static string Capitalized(this string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}
