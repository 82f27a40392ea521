using System.Text.Json;

namespace AlloyShopifySlack.Alloy
{
    /// <summary>
    /// The execute answer's envelope is unconfirmed (api-facts §1.5): <c>{executionId, status, responseData}</c> or
    /// <c>{success, result}</c>. Take responseData, else result, else the whole body; a failed execution is an error.
    /// </summary>
    public static class ExecuteEnvelope
    {
        public static JsonElement Unwrap(JsonElement body, string description)
        {
            if (body.ValueKind != JsonValueKind.Object) return body;
            var status = JsonRead.String(body, "status");
            var success = JsonRead.Bool(body, "success");
            if (success == false || status == "failed" || status == "error")
            {
                var detail = JsonRead.String(body, "message") ?? JsonRead.String(body, "error") ?? status ?? "success:false";
                throw new AlloyException("AlloyExecutionFailed", AlloyErrorKind.ProviderError,
                    $"Alloy ran {description} but the execution failed: {detail}.");
            }
            if (body.TryGetProperty("responseData", out var responseData)) return responseData;
            if (body.TryGetProperty("result", out var result) && (success.HasValue || body.TryGetProperty("executionId", out _))) return result;
            return body;
        }
    }
}
