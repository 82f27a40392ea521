using System.Management.Automation;
using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Common;

namespace AlloyShopifySlack.Cmdlets.Infrastructure;

/// <summary>
/// Base of every cmdlet that talks to Alloy: resolves the connection and settings (the contract's order),
/// owns the CancellationTokenSource (Ctrl+C stops in-flight requests), runs async core work while pumping its
/// messages onto the pipeline thread, and maps exceptions onto ErrorRecords.
/// </summary>
public abstract partial class AlloyCmdlet : PSCmdlet
{
    private CancellationTokenSource? _cancellation;
    private AlloyConnection? _resolved;
    private SettingsResolver? _settings;

    /// <summary>The connection to use instead of the session's (Connect-Alloy -PassThru gives one). For several tenants.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public AlloyConnection? Connection { get; set; }

    protected CancellationToken CancellationToken => (_cancellation ??= new CancellationTokenSource()).Token;

    protected override void BeginProcessing() => _cancellation ??= new CancellationTokenSource();

    protected override void StopProcessing() => Cancel();

    /// <summary>Stops the in-flight core work (Ctrl+C, or a downstream Select-Object -First that has enough).</summary>
    private void Cancel()
    {
        try { _cancellation?.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>How long a stopped cmdlet waits for its work to notice before it leaves it behind.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    protected override void EndProcessing() => DisposeCancellation();

    private void DisposeCancellation()
    {
        _cancellation?.Dispose();
        _cancellation = null;
    }

    /// <summary>The settings below explicit parameters: -Connection or the session's connection, environment, ./.env.</summary>
    protected SettingsResolver Settings
    {
        get
        {
            if (_settings != null && Connection == null) return _settings;
            var connection = Connection ?? SessionConnections.Get();
            var directory = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            _settings = SettingsResolver.FromProcess(connection?.ValuesForResolution(), directory);
            return _settings;
        }
    }

    /// <summary>explicit parameter → connection → session → environment → .env.</summary>
    protected string? Setting(string? explicitValue, string name) =>
        !string.IsNullOrEmpty(explicitValue) ? explicitValue : Settings.Get(name);

    /// <summary>Like <see cref="Setting"/>, but a missing value stops the cmdlet with one clear error.</summary>
    protected string RequireSetting(string? explicitValue, string name, string parameterName)
    {
        var value = Setting(explicitValue, name);
        if (!string.IsNullOrEmpty(value)) return value!;
        Terminate(ErrorRecords.Create("MissingSetting_" + name, ErrorCategory.InvalidArgument,
            $"No value for {parameterName}. Pass -{parameterName}, or set {name} (environment variable or .env file).", null,
            $"Pass -{parameterName}, set {name}, or run Initialize-AlloyShopifySlack to write a .env file."));
        throw new InvalidOperationException(); // not reached
    }

    /// <summary>The connection: -Connection, else Connect-Alloy's, else one made from the environment and ./.env.</summary>
    protected AlloyConnection ResolveConnection()
    {
        if (Connection != null) return Connection;
        if (_resolved != null) return _resolved;
        var session = SessionConnections.Get();
        if (session != null) return _resolved = session;
        try
        {
            var settings = Settings;
            var key = settings.Resolve(SettingNames.ApiKey) ?? throw AlloyConnection.NoKey();
            var fingerprint = string.Join("|", key.Source, Hash(key.Value), settings.Get(SettingNames.BaseUrl),
                settings.Get(SettingNames.ApiVersion), settings.Get(SettingNames.UserId));
            _resolved = SessionConnections.GetOrCreateImplicit(fingerprint, () =>
                AlloyConnection.Create(settings, null, null, new Dictionary<string, ResolvedSetting>(), "environment"));
            return _resolved;
        }
        catch (AlloyException ex)
        {
            Terminate(ErrorRecords.From(ex, null));
            throw; // not reached
        }
    }

    private static string Hash(string value)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        return Convert.ToBase64String(sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>Runs core work off the pipeline thread, writing its log and progress as it goes; exceptions propagate.</summary>
    protected T Run<T>(Func<CancellationToken, Task<T>> work)
    {
        var token = CancellationToken; // read here: the token source belongs to the pipeline thread
        using var pump = NewPump();
        Task<T> task;
        using (OperationContext.Use(pump)) task = Task.Run(() => work(token));
        Pump(pump, task, token);
        return Unwrap(task);
    }

    protected void Run(Func<CancellationToken, Task> work) => Run<bool>(async ct => { await work(ct).ConfigureAwait(false); return true; });

    /// <summary>Streams the items of an async source onto the pipeline thread as they arrive (bounded, so memory stays flat).</summary>
    protected void RunStream<T>(Func<CancellationToken, IAsyncEnumerable<T>> source, Action<T> onItem)
    {
        var token = CancellationToken;
        using var pump = NewPump();
        Task task;
        using (OperationContext.Use(pump))
        {
            task = Task.Run(async () =>
            {
                await foreach (var item in source(token).WithCancellation(token).ConfigureAwait(false))
                {
                    var captured = item;
                    await pump.PostItemAsync(() => onItem(captured), token).ConfigureAwait(false);
                }
            });
        }
        Pump(pump, task, token);
        Unwrap(task);
    }

    /// <summary>
    /// Pumps until the work ends. If writing fails (the pipeline is stopping, or downstream has all it wants)
    /// the work is cancelled too; if Ctrl+C comes and the work does not end within a short grace, it is left behind.
    /// </summary>
    private void Pump(PipelinePump pump, Task task, CancellationToken token)
    {
        // Wake the pipeline thread the moment the work ends, rather than at its next poll.
        task.ContinueWith(_ => pump.Wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            pump.PumpUntil(() => task.IsCompleted, token);
        }
        catch
        {
            Cancel();
            WaitQuietly(task);
            throw;
        }
        if (task.IsCompleted) return;
        WaitQuietly(task);
        if (!task.IsCompleted) throw new PipelineStoppedException();
    }

    private static void WaitQuietly(Task task)
    {
        try { task.Wait(StopGrace); }
        catch (AggregateException) { }
    }

    /// <summary>Runs work and returns the log pump for callers that post their own items (Send-* with concurrency).</summary>
    internal PipelinePump NewPump() => new PipelinePump(WriteLog, WriteProgressReport);

    private T Unwrap<T>(Task<T> task)
    {
        Unwrap((Task)task);
        return task.Result;
    }

    private void Unwrap(Task task)
    {
        var cancelled = task.IsCanceled || (task.IsFaulted && task.Exception!.InnerException is OperationCanceledException);
        if (cancelled && CancellationToken.IsCancellationRequested) throw new PipelineStoppedException();
        // Not ours to be cancelled (a timeout that escaped the core): rethrow it as it is.
        task.GetAwaiter().GetResult();
    }

    /// <summary><paramref name="client"/> acting as <paramref name="userId"/> when one is given (same HttpClient), else itself.</summary>
    protected static AlloyClient ForUser(AlloyClient client, string? userId) =>
        string.IsNullOrEmpty(userId) || userId == client.UserId ? client : client.ForUser(userId);

    /// <summary>
    /// The client acting as the user the contract's order picks: <paramref name="explicitUserId"/> (a -UserId
    /// parameter), else the connection's user, else ALLOY_USER_ID from the environment or ./.env.
    /// </summary>
    protected AlloyClient ResolveClient(string? explicitUserId = null)
    {
        var connection = ResolveConnection();
        if (!string.IsNullOrEmpty(explicitUserId)) return connection.Client.ForUser(explicitUserId);
        if (!string.IsNullOrEmpty(connection.UserId)) return connection.Client;
        var fromSettings = Settings.Get(SettingNames.UserId);
        return string.IsNullOrEmpty(fromSettings) ? connection.Client : connection.Client.ForUser(fromSettings);
    }

    /// <summary>The service clients on <paramref name="client"/> (default: the resolved connection's), connector ids from the
    /// settings.</summary>
    internal ClientFactory Clients(AlloyClient? client = null) => new ClientFactory(client ?? ResolveConnection().Client,
        name => Setting(null, name));

    private void WriteLog(LogLevel level, string message)
    {
        switch (level)
        {
            case LogLevel.Debug: WriteDebug(message); break;
            case LogLevel.Verbose: WriteVerbose(message); break;
            case LogLevel.Warning: WriteWarning(message); break;
            default: WriteInformationMessage(message); break;
        }
    }

    /// <summary>How the core's information messages reach the user; a cmdlet may show them on the host (Invoke-OrderSync's
    /// sections).</summary>
    protected virtual void WriteInformationMessage(string message) =>
        WriteInformation(new InformationRecord(message, MyInvocation.MyCommand.Name));

    private void WriteProgressReport(ProgressReport report)
    {
        var record = new ProgressRecord(report.ActivityId, report.Activity, string.IsNullOrEmpty(report.Status) ? "…" : report.Status)
        {
            PercentComplete = report.PercentComplete,
            RecordType = report.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        WriteProgress(record);
    }
}
