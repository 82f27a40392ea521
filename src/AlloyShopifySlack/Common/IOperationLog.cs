namespace AlloyShopifySlack.Common;

public enum LogLevel { Debug, Verbose, Information, Warning }

/// <summary>
/// What the core has to say while it works. Implementations must be thread-safe: the core calls them from
/// worker threads, and the cmdlet layer queues the messages for the pipeline thread.
/// </summary>
public interface IOperationLog
{
    void Write(LogLevel level, string message);
    void Progress(ProgressReport report);
}

public sealed record ProgressReport(int ActivityId, string Activity, string Status, int PercentComplete = -1, bool Completed = false);

public sealed class NullOperationLog : IOperationLog
{
    public static readonly NullOperationLog Instance = new NullOperationLog();
    public void Write(LogLevel level, string message) { }
    public void Progress(ProgressReport report) { }
}
