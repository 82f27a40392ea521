namespace AlloyShopifySlack.Alloy;

/// <summary>
/// Where action schemas outlive the process (the sync state's learned facts, under
/// <see cref="ActionSchema.FactName"/>), so that a later run builds its requests without reading them again.
/// Losing one only costs one GET.
/// </summary>
public interface ISchemaStore
{
    /// <summary>The stored value for the action, or null.</summary>
    string? Load(string connectorId, string actionId);

    /// <summary>Called with every schema the client uses; cheap (and without effect) when it is already stored.</summary>
    void Save(string connectorId, string actionId, string value);
}

/// <summary>
/// A schema store over a book of named facts that is opened later than the client is made (the sync opens its
/// state inside the run): attach the book when it opens; until then, and after a failed write, it stores nothing.
/// </summary>
public sealed class FactSchemaStore : ISchemaStore
{
    private readonly object _gate = new object();
    private readonly HashSet<string> _saved = new HashSet<string>(StringComparer.Ordinal);
    private Func<string, string?>? _read;
    private Action<string, string>? _write;

    /// <summary>Uses the book <paramref name="read"/> and <paramref name="write"/> reach (e.g. a ledger's Facts and SetFact).</summary>
    public void Attach(Func<string, string?> read, Action<string, string> write)
    {
        lock (_gate)
        {
            _read = read;
            _write = write;
            _saved.Clear();
        }
    }

    public string? Load(string connectorId, string actionId)
    {
        Func<string, string?>? read;
        lock (_gate) read = _read;
        return read?.Invoke(ActionSchema.FactName(connectorId, actionId));
    }

    public void Save(string connectorId, string actionId, string value)
    {
        var name = ActionSchema.FactName(connectorId, actionId);
        Func<string, string?>? read;
        Action<string, string>? write;
        lock (_gate)
        {
            if (_write == null || !_saved.Add(name)) return;
            read = _read;
            write = _write;
        }
        if (read?.Invoke(name) == value) return;
        try
        {
            write(name, value);
        }
        catch (Exception ex) when (ex is InvalidOperationException || ex is ObjectDisposedException || ex is NotSupportedException
            || ex is System.IO.IOException)
        {
            // A read-only state (-WhatIf) or one already closed: the schema is simply read again next time.
            Common.OperationContext.Log.Write(Common.LogLevel.Debug, $"The action schema {name} was not kept in the sync " +
                $"state: {ex.Message}");
        }
    }
}
