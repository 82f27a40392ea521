using System.Collections.Concurrent;

namespace AlloyShopifySlack.Sync;

/// <summary>
/// The workspace lanes of one Invoke-OrderSync over several tenants: the channels of one Slack workspace are
/// posted to a few at a time over all its tenants. The pace of each channel and of the workspace is the Slack
/// pacer's (one per workspace, shared by every tenant that posts there).
/// </summary>
public sealed class ChannelPacing
{
    /// <summary>Channels of one workspace posted to at once, over all its tenants.</summary>
    public const int ChannelsAtOncePerWorkspace = 8;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _workspaces =
        new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);

    /// <summary>Waits for one of the workspace's channel lanes (none to wait for when the workspace is unknown); dispose to let
    /// go.</summary>
    public async Task<IDisposable?> EnterWorkspaceAsync(string? workspace, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(workspace)) return null;
        var lanes = _workspaces.GetOrAdd(workspace!, _ => new SemaphoreSlim(ChannelsAtOncePerWorkspace, ChannelsAtOncePerWorkspace));
        await lanes.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Lane(lanes);
    }

    internal int FreeLanes(string workspace) => _workspaces.TryGetValue(workspace, out var lanes) ? lanes.CurrentCount
        : ChannelsAtOncePerWorkspace;

    private sealed class Lane : IDisposable
    {
        private SemaphoreSlim? _lanes;
        public Lane(SemaphoreSlim lanes) { _lanes = lanes; }
        public void Dispose() => Interlocked.Exchange(ref _lanes, null)?.Release();
    }
}
