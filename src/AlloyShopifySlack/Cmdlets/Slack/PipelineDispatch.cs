using System.Management.Automation;
using AlloyShopifySlack.Cmdlets.Infrastructure;
using AlloyShopifySlack.Common;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Cmdlets.Slack;

/// <summary>
/// An <see cref="AlertDispatcher"/> working off the pipeline thread while its outcomes and log lines come back
/// to it through the pump: items are queued from ProcessRecord (which returns at once), outcomes are written
/// whenever the pipeline thread is back in this cmdlet, and Complete waits for the rest.
/// </summary>
internal sealed class PipelineDispatch
{
    private readonly PipelinePump _pump;
    private readonly AlertDispatcher _dispatcher;
    private readonly CancellationToken _ct;

    public PipelineDispatch(PipelinePump pump, SlackClient client, Action<AlertOutcome> emit, CancellationToken ct)
    {
        _pump = pump;
        _ct = ct;
        _dispatcher = new AlertDispatcher(client, (outcome, token) => pump.PostItemAsync(() => emit(outcome), token), ct);
    }

    public void Enqueue(AlertItem item)
    {
        using (OperationContext.Use(_pump)) _dispatcher.Enqueue(item);
        Drain();
    }

    /// <summary>Writes whatever has come back so far, without waiting.</summary>
    public void Drain() => _pump.PumpUntil(() => true);

    /// <summary>Waits (pumping) until every queued item has been reported.</summary>
    public void Complete()
    {
        Task done;
        using (OperationContext.Use(_pump)) done = _dispatcher.CompleteAsync();
        _pump.PumpUntil(() => done.IsCompleted);
        if (done.IsCanceled || (done.IsFaulted && _ct.IsCancellationRequested)) throw new PipelineStoppedException();
        if (done.IsFaulted)
        {
            var inner = done.Exception!.InnerExceptions.Count == 1 ? done.Exception.InnerException! : done.Exception;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
        }
        _pump.Dispose();
    }
}
