namespace AlloyShopifySlack.Alloy;

public sealed partial class AlloyClient
{
    /// <summary>
    /// Runs a connector action and returns the provider's answer, unwrapped from whichever envelope Alloy used.
    /// An unknown action lists the connector's actions; a 400 names the action's required parameters. The request's
    /// parameters go where the action's schema says when the client builds from schemas (every connection does).
    /// </summary>
    public async Task<JsonElement> ExecuteAsync(string connectorId, string actionId, ActionRequest request, CancellationToken ct)
    {
        var path = $"connectors/{Escape(connectorId)}/actions/{Escape(actionId)}/execute";
        var body = await BuildExecuteBodyAsync(connectorId, actionId, request, ct).ConfigureAwait(false);
        JsonElement answer;
        try
        {
            answer = await PostAsync(path, body, request.Idempotent, ct, asUser: true, request.ReportRateLimits).ConfigureAwait(false);
        }
        catch (AlloyNotFoundException ex) when (ex.KnownIds.Count == 0)
        {
            var unknown = await UnknownActionAsync(connectorId, actionId, ct).ConfigureAwait(false);
            if (unknown.KnownIds.Count > 0 && unknown.KnownIds.Contains(actionId))
                throw new AlloyNotFoundException($"{ex.Message} The action exists, so the credential or user is probably unknown: check " +
                    "the credential id with Get-AlloyCredential.");
            throw unknown;
        }
        catch (AlloyBadRequestException ex) when (ex.RequiredParameters.Count == 0)
        {
            throw await DescribeBadRequestAsync(connectorId, actionId, ex, ct).ConfigureAwait(false);
        }
        Learned.Set(ServiceFacts.Envelope, ExecuteEnvelope.KindOf(answer));
        return ExecuteEnvelope.Unwrap(answer, $"{connectorId}/{actionId}", Redact);
    }

    private async Task<AlloyBadRequestException> DescribeBadRequestAsync(string connectorId, string actionId,
        AlloyBadRequestException original, CancellationToken ct)
    {
        // A refused credential id is not helped by the action's parameter list.
        if (original.Message.IndexOf("credential", StringComparison.OrdinalIgnoreCase) >= 0)
            return new AlloyBadRequestException($"{original.Message} Check the credential id: Get-AlloyCredential " +
                $"-ConnectorId {connectorId} lists the ids this user has.",
                Array.Empty<string>())
            {
                StatusCode = original.StatusCode,
                RequestDescription = original.RequestDescription,
                ResponseExcerpt = original.ResponseExcerpt,
            };
        try
        {
            var action = await GetActionAsync(connectorId, actionId, ct).ConfigureAwait(false);
            var required = (action.Parameters ?? new System.Collections.Generic.List<AlloyActionParameter>()).Where(
                p => p.Required).ToList();
            var names = required.Select(p => p.Name).ToList();
            var list = names.Count == 0 ? "It declares no required parameters."
                : "Its required parameters: " + string.Join(", ", required.Select(p => p.ToString())) + ".";
            return new AlloyBadRequestException($"{original.Message} {list} See Get-AlloyAction -ConnectorId {connectorId} " +
                $"-ActionId {actionId}.", names)
            {
                StatusCode = original.StatusCode,
                RequestDescription = original.RequestDescription,
                ResponseExcerpt = original.ResponseExcerpt,
            };
        }
        catch (AlloyException)
        {
            return original;
        }
    }
}
