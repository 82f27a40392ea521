namespace AlloyShopifySlack.Sync.FollowUps;

/// <summary>What a run's follow-up pass did; the channels add to it concurrently.</summary>
internal sealed class FollowUpTally
{
    private int _replies;
    private int _alertsUpdated;
    private int _escalations;

    public int Replies => Volatile.Read(ref _replies);
    public int AlertsUpdated => Volatile.Read(ref _alertsUpdated);
    public int Escalations => Volatile.Read(ref _escalations);

    public void Replied() => Interlocked.Increment(ref _replies);
    public void Updated() => Interlocked.Increment(ref _alertsUpdated);
    public void Escalated() => Interlocked.Increment(ref _escalations);

    /// <summary>Time spent on follow-ups: the updated-orders read and the pass (set from one thread at a time).</summary>
    public System.TimeSpan Elapsed { get; set; }
}
