using System.Net.Http.Headers;
using AlloyShopifySlack.Emulator;

namespace AlloyShopifySlack.Tests.Emulator;

/// <summary>Raw HTTP against the emulator, so that its tests see exactly what a client would.</summary>
internal sealed class EmulatorHttp : IDisposable
{
    private readonly HttpClient _http;
    private readonly EmulatorServer _server;

    public EmulatorHttp(EmulatorServer server)
    {
        _server = server;
        _http = new HttpClient { BaseAddress = server.BaseUri };
    }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, JsonNode? body = null, string? key = "default", string? apiVersion = "2025-09",
            string? userId = "default")
    {
        using var request = new HttpRequestMessage(method, path);
        if (key != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key == "default" ? _server.ApiKey : key);
        if (apiVersion != null) request.Headers.TryAddWithoutValidation("x-api-version", apiVersion);
        if (userId != null) request.Headers.TryAddWithoutValidation("x-alloy-userid", userId == "default" ? _server.Tenant.UserId : userId);
        if (body != null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        try { parsed = text.Length == 0 ? null : JsonNode.Parse(text); } catch (System.Text.Json.JsonException) { }
        return ((int)response.StatusCode, parsed, response);
    }

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> ExecuteAsync(
        string connector, string action, string credentialId, JsonObject? query = null, JsonObject? requestBody = null)
    {
        var body = new JsonObject { ["credentialId"] = credentialId };
        if (query != null) body["queryParameters"] = query.DeepClone();
        if (requestBody != null) body["requestBody"] = requestBody.DeepClone();
        return SendAsync(HttpMethod.Post, $"connectors/{connector}/actions/{action}/execute", body);
    }

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostMessageAsync(string channel, string text) =>
        ExecuteAsync("slack", "chat_postMessage", _server.Tenant.SlackCredentialId,
            requestBody: new JsonObject { ["channel"] = channel, ["text"] = text });

    public void Dispose() => _http.Dispose();
}
