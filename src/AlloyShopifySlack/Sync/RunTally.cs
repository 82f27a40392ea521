using System.Collections.Generic;
using System.Linq;

namespace AlloyShopifySlack.Sync
{
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
        public FollowUps.FollowUpTally FollowUps { get; } = new FollowUps.FollowUpTally();

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
}
