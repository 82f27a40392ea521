namespace AlloyShopifySlack.Alloy;

/// <summary>
/// The execute answer's envelope is unconfirmed (docs/api-facts.md): <c>{executionId, status, responseData}</c> or
/// <c>{success, result}</c>. Take responseData, else result, else the whole body; a failed execution is an error.
/// The failure checks apply only to envelope fields, so a provider body that merely has a "status" is not misread.
/// </summary>
public static class ExecuteEnvelope
{
    /// <param name="redact">Applied to server text that goes into an error message (it may echo a secret).</param>
    public static JsonElement Unwrap(JsonElement body, string description, System.Func<string, string>? redact = null)
    {
        if (body.ValueKind != JsonValueKind.Object) return body;
        var hasResponseData = body.TryGetProperty("responseData", out var responseData);
        var isExecution = hasResponseData || body.TryGetProperty("executionId", out _);
        var success = JsonRead.Bool(body, "success");
        var status = isExecution ? JsonRead.String(body, "status") : null;
        if (success == false || status == "failed" || status == "error")
        {
            var detail = ErrorDetail(body) ?? (status != null ? "status " + status : "success:false");
            if (redact != null) detail = redact(detail);
            throw new AlloyException("AlloyExecutionFailed", AlloyErrorKind.ProviderError,
                $"Alloy ran {description} but the execution failed: {detail}. Check the credential (Get-AlloyCredential) and the " +
                    "action's parameters (Get-AlloyAction).");
        }
        if (hasResponseData) return responseData;
        if (body.TryGetProperty("result", out var result) && (success.HasValue || isExecution)) return result;
        return body;
    }

    /// <summary>"responseData" ({executionId, status, responseData}), "result" ({success, result}) or "bare" (the provider's
    /// body).</summary>
    public static string KindOf(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) return "bare";
        if (body.TryGetProperty("responseData", out _) || body.TryGetProperty("executionId", out _)) return "responseData";
        return body.TryGetProperty("result", out _) && body.TryGetProperty("success", out _) ? "result" : "bare";
    }

    private static string? ErrorDetail(JsonElement body)
    {
        var message = JsonRead.String(body, "message") ?? JsonRead.String(body, "error");
        if (message != null) return message;
        var error = JsonRead.Property(body, "error");
        return error != null ? JsonRead.String(error.Value, "message") ?? error.Value.GetRawText() : null;
    }
}
