namespace AlloyShopifySlack.Sync;

/// <summary>
/// Checks, before anything is posted or stored, that each channel a run may post to can take alerts. Throws one
/// error naming every channel that cannot (unknown, app not a member, archived); returns lines for the narration.
/// </summary>
public interface IChannelCheck
{
    Task<IReadOnlyList<string>> VerifyAsync(IReadOnlyCollection<string> channels, CancellationToken cancellationToken);

    /// <summary>The same check ahead of the run (before its state is opened); its lines come with the next <see
    /// cref="VerifyAsync"/>.</summary>
    Task CheckAsync(IReadOnlyCollection<string> channels, CancellationToken cancellationToken);
}
