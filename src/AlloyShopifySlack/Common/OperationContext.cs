namespace AlloyShopifySlack.Common;

/// <summary>
/// The log of the operation in progress, flowing with async calls, so that long-lived objects (the client of a
/// connection) report to whichever cmdlet is using them without every signature carrying a log.
/// </summary>
public static class OperationContext
{
    private static readonly AsyncLocal<IOperationLog?> CurrentLog = new AsyncLocal<IOperationLog?>();

    public static IOperationLog Log => CurrentLog.Value ?? NullOperationLog.Instance;

    public static Scope Use(IOperationLog log)
    {
        var previous = CurrentLog.Value;
        CurrentLog.Value = log;
        return new Scope(previous);
    }

    public readonly struct Scope : System.IDisposable
    {
        private readonly IOperationLog? _previous;
        internal Scope(IOperationLog? previous) { _previous = previous; }
        public void Dispose() => CurrentLog.Value = _previous;
    }
}
