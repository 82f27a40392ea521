using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.Planning;

namespace AlloyShopifySlack.Sync.Delivery;

/// <summary>
/// A channel's posts whose outcome is unknown, and where in the channel they can be: after the message posted
/// just before the first of them and before the one posted just after the last (a channel's posts go one at a
/// time and Slack orders a channel's messages), or from the first intent less the clock skew.
/// </summary>
internal sealed class AmbiguousPosts
{
    private readonly List<(DeliveryUnit Unit, AlloyAmbiguousResultException Error)> _posts =
        new List<(DeliveryUnit, AlloyAmbiguousResultException)>();
    private DateTimeOffset _firstIntent;
    private string? _lastPosted;
    private string? _before;
    private string? _after;
    private bool _open;

    public int Count => _posts.Count;
    public IReadOnlyList<(DeliveryUnit Unit, AlloyAmbiguousResultException Error)> Posts => _posts;

    public void Add(DeliveryUnit unit, DateTimeOffset intentAt, AlloyAmbiguousResultException error)
    {
        if (_posts.Count == 0)
        {
            _firstIntent = intentAt;
            _before = _lastPosted;
        }
        _posts.Add((unit, error));
        _open = true;
    }

    public void Posted(string ts)
    {
        _lastPosted = ts;
        if (!_open) return;
        _after = ts;
        _open = false;
    }

    /// <summary>
    /// A post that answered late may have landed after the next one: then it is outside this window, not found,
    /// and left pending for the next run's unbounded look, which is safe.
    /// </summary>
    public HistoryWindow Window(TimeSpan skew) => new HistoryWindow(_before ?? SlackClient.SlackTs(_firstIntent - skew),
        _open ? null : _after);
}
