using AlloyShopifySlack.Common;
using AlloyShopifySlack.Slack;
using AlloyShopifySlack.Sync.FollowUps;

namespace AlloyShopifySlack.Sync.Reporting;

/// <summary>What a run has done so far; the channels of a run add to it concurrently.</summary>
internal sealed class RunTally
{
    private readonly object _sync = new object();
    private readonly List<AlertOutcome> _outcomes = new List<AlertOutcome>();
    private readonly List<string> _errors = new List<string>();
    private readonly ISyncEventSink? _events;

    public RunTally(ISyncEventSink? events) { _events = events; }

    public int MessagesSent { get; private set; }
    public int AlertsSent { get; private set; }
    public int Digests { get; private set; }
    public int Duplicates { get; private set; }
    public int Reconciled { get; private set; }
    public int Failed { get; private set; }
    public int HistoryLookups { get; private set; }
    public int Unchecked { get; private set; }
    public FollowUpTally FollowUps { get; } = new FollowUpTally();

    /// <summary>Adds what happened to one alert; its error joins the run's errors unless the caller reports it another way.</summary>
    public void Record(AlertOutcome outcome, bool reportError = true)
    {
        lock (_sync)
        {
            _outcomes.Add(outcome);
            switch (outcome.Status)
            {
                case AlertStatus.Sent: AlertsSent++; break;
                case AlertStatus.Duplicate: Duplicates++; break;
                case AlertStatus.Failed: Failed++; break;
            }
            if (reportError && outcome.Error != null) _errors.Add($"{outcome.OrderName} → {outcome.Channel}: {outcome.Error}");
        }
        _events?.OnAlert(outcome);
        ReportPosting(outcome);
    }

    private const int PostingActivityId = 0x5302;
    private int _toPost;
    private int _settled;

    /// <summary>From here until <see cref="PostingDone"/>, each alert settled moves the "Posting alerts" progress bar.</summary>
    public void PostingStarts(int alerts)
    {
        lock (_sync) { _toPost = alerts; _settled = 0; }
    }

    public void PostingDone()
    {
        int toPost;
        lock (_sync) { toPost = _toPost; _toPost = 0; }
        if (toPost > 1) OperationContext.Log.Progress(new ProgressReport(PostingActivityId, "Posting alerts to Slack", "Done", 100,
            Completed: true));
    }

    private void ReportPosting(AlertOutcome outcome)
    {
        int settled, toPost;
        lock (_sync)
        {
            if (_toPost <= 1) return; // one post needs no bar
            settled = ++_settled;
            toPost = _toPost;
        }
        OperationContext.Log.Progress(new ProgressReport(PostingActivityId, "Posting alerts to Slack",
            $"{settled} of {toPost} settled ({outcome.OrderName} → {outcome.Channel}: {outcome.Status})",
                Math.Min(100, settled * 100 / toPost)));
    }

    public void MessagePosted(bool digest)
    {
        lock (_sync)
        {
            MessagesSent++;
            if (digest) Digests++;
        }
    }

    public void AlreadySent(int count)
    {
        lock (_sync) Duplicates += count;
    }

    public void ReconciledOne()
    {
        lock (_sync) Reconciled++;
    }

    public void Lookups(int calls)
    {
        lock (_sync) HistoryLookups += calls;
    }

    public void NotChecked(int count)
    {
        lock (_sync) Unchecked += count;
    }

    public void Error(string message)
    {
        lock (_sync) _errors.Add(message);
    }

    public IReadOnlyList<AlertOutcome> Outcomes { get { lock (_sync) return _outcomes.ToList(); } }
    public IReadOnlyList<string> Errors { get { lock (_sync) return _errors.ToList(); } }
}
