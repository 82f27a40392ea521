namespace AlloyShopifySlack.Alloy;

public sealed partial class AlloyClient
{
    public async Task<IReadOnlyList<AlloyConnector>> ListConnectorsAsync(CancellationToken ct)
    {
        var answer = await GetAsync("connectors", ct).ConfigureAwait(false);
        return Items(answer, "connectors", "data")
            .Select(item => new AlloyConnector { Id = JsonRead.String(item, "id") ?? JsonRead.String(item, "connectorId") ?? string.Empty,
                Name = JsonRead.String(item, "name"), Raw = item })
            .Where(c => c.Id.Length > 0)
            .ToList();
    }

    public async Task<IReadOnlyList<AlloyAction>> ListActionsAsync(string connectorId, CancellationToken ct)
    {
        var answer = await GetAsync($"connectors/{Escape(connectorId)}/actions", ct).ConfigureAwait(false);
        return Items(answer, "actions", "data").Select(item => ReadAction(connectorId, item)).Where(a => a.Id.Length > 0).ToList();
    }

    public async Task<AlloyAction> GetActionAsync(string connectorId, string actionId, CancellationToken ct)
    {
        JsonElement answer;
        try
        {
            answer = await GetAsync($"connectors/{Escape(connectorId)}/actions/{Escape(actionId)}", ct).ConfigureAwait(false);
        }
        catch (AlloyNotFoundException)
        {
            throw await UnknownActionAsync(connectorId, actionId, ct).ConfigureAwait(false);
        }
        return ReadAction(connectorId, JsonRead.Property(answer, "action") ?? answer);
    }

    /// <summary>Builds the "unknown action" error, listing the connector's actions when they can be read.</summary>
    internal async Task<AlloyNotFoundException> UnknownActionAsync(string connectorId, string actionId, CancellationToken ct)
    {
        IReadOnlyList<string> known;
        try
        {
            known = (await ListActionsAsync(connectorId, ct).ConfigureAwait(false)).Select(a => a.Id).ToList();
        }
        catch (AlloyNotFoundException)
        {
            return new AlloyNotFoundException($"Alloy has no connector '{connectorId}'. List the connectors with Get-AlloyConnector.") { };
        }
        catch (AlloyException)
        {
            known = Array.Empty<string>();
        }
        var list = known.Count == 0 ? "Get-AlloyAction -ConnectorId " + connectorId + " lists them."
            : "Its actions: " + string.Join(", ", known) + ".";
        return new AlloyNotFoundException($"Connector '{connectorId}' has no action '{actionId}'. {list}", known);
    }

    internal static AlloyAction ReadAction(string connectorId, JsonElement item)
    {
        var action = new AlloyAction
        {
            ConnectorId = connectorId,
            Id = JsonRead.String(item, "id") ?? JsonRead.String(item, "actionId") ?? string.Empty,
            DisplayName = JsonRead.String(item, "displayName") ?? JsonRead.String(item, "name"),
            Description = JsonRead.String(item, "description"),
            HttpMethod = JsonRead.String(item, "httpMethod"),
            Path = JsonRead.String(item, "path"),
            Raw = item,
        };
        if (item.ValueKind == JsonValueKind.Object && (item.TryGetProperty("parameters", out _)
            || item.TryGetProperty("requestBody", out _)))
            action.Parameters = ReadParameters(item);
        return action;
    }

    private static List<AlloyActionParameter> ReadParameters(JsonElement item)
    {
        var parameters = JsonRead.Array(JsonRead.Property(item, "parameters"))
            .Select(p => new AlloyActionParameter
            {
                Name = JsonRead.String(p, "name") ?? string.Empty,
                In = JsonRead.String(p, "in") ?? "query",
                Required = JsonRead.Bool(p, "required") ?? false,
                Description = JsonRead.String(p, "description"),
            })
            .ToList();
        var body = JsonRead.Property(item, "requestBody");
        if (body != null)
        {
            var required = new HashSet<string>(JsonRead.Array(JsonRead.Property(body.Value, "required")).Select(
                r => r.GetString() ?? string.Empty));
            var properties = JsonRead.Property(body.Value, "properties");
            if (properties != null && properties.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.Value.EnumerateObject())
                {
                    parameters.Add(new AlloyActionParameter
                    {
                        Name = property.Name,
                        In = "body",
                        Required = required.Contains(property.Name),
                        Description = JsonRead.String(property.Value, "description"),
                    });
                }
            }
        }
        return parameters;
    }
}
