namespace AlloyShopifySlack.Alloy;

/// <summary>
/// Puts each parameter of an execute request in the bucket the action's schema names, whichever bucket the caller
/// used. What the schema does not declare is left out (Alloy is feared to drop it anyway, and then nothing says
/// so); header parameters such as Slack's <c>token</c> are Alloy's to fill from the credential.
/// </summary>
internal static class ActionRequestShaper
{
    public sealed class Shaped
    {
        public Shaped(JsonObject body) { Body = body; }

        public JsonObject Body { get; }
        /// <summary>"metadata (requestBody)": given but not declared by the schema.</summary>
        public List<string> Undeclared { get; } = new List<string>();
        /// <summary>Header parameters the caller gave; Alloy fills them.</summary>
        public List<string> AlloysOwn { get; } = new List<string>();
        /// <summary>"spreadsheetId → pathParams": moved to the bucket the schema names.</summary>
        public List<string> Moved { get; } = new List<string>();
    }

    private static readonly ParameterBucket[] Order = { ParameterBucket.Path, ParameterBucket.Query, ParameterBucket.Body };

    public static Shaped Shape(ActionRequest request, ActionSchema schema)
    {
        var targets = new Dictionary<ParameterBucket, JsonObject>
        {
            [ParameterBucket.Path] = new JsonObject(),
            [ParameterBucket.Query] = new JsonObject(),
            [ParameterBucket.Body] = new JsonObject(),
        };
        var given = new Dictionary<ParameterBucket, JsonObject?>
        {
            [ParameterBucket.Path] = request.PathParams,
            [ParameterBucket.Query] = request.QueryParameters,
            [ParameterBucket.Body] = request.RequestBody as JsonObject,
        };
        var shaped = new Shaped(new JsonObject { ["credentialId"] = request.CredentialId });
        foreach (var from in Order)
        {
            var bucket = given[from];
            if (bucket == null) continue;
            foreach (var pair in bucket)
            {
                var to = Target(schema, pair.Key, from);
                if (to == null)
                {
                    shaped.Undeclared.Add($"{pair.Key} ({Name(from)})");
                    continue;
                }
                if (to == ParameterBucket.Header)
                {
                    shaped.AlloysOwn.Add(pair.Key);
                    continue;
                }
                if (targets[to.Value].ContainsKey(pair.Key)) continue; // given twice: the first bucket wins
                if (to != from) shaped.Moved.Add($"{pair.Key} → {Name(to.Value)}");
                targets[to.Value][pair.Key] = pair.Value?.DeepClone();
            }
        }

        // A bucket the caller gave stays (even when empty), so that a schema that moves nothing changes nothing.
        Emit(shaped.Body, "queryParameters", targets[ParameterBucket.Query], request.QueryParameters != null);
        if (request.RequestBody != null && !(request.RequestBody is JsonObject)) shaped.Body["requestBody"] =
            request.RequestBody.DeepClone();
        else Emit(shaped.Body, "requestBody", targets[ParameterBucket.Body], request.RequestBody != null);
        Emit(shaped.Body, "pathParams", targets[ParameterBucket.Path], request.PathParams != null);
        if (request.AdditionalHeaders != null) shaped.Body["additionalHeaders"] = request.AdditionalHeaders.DeepClone();
        return shaped;
    }

    /// <summary>The caller's bucket when the schema allows it there, else the first the schema names; null: undeclared.</summary>
    private static ParameterBucket? Target(ActionSchema schema, string name, ParameterBucket from)
    {
        var declared = schema.BucketsOf(name);
        if (declared.Count == 0) return from == ParameterBucket.Body && schema.OpenBody ? ParameterBucket.Body : (ParameterBucket?)null;
        if (declared.Contains(from)) return from;
        var usable = declared.Where(b => b != ParameterBucket.Header).ToList();
        return usable.Count > 0 ? usable[0] : ParameterBucket.Header;
    }

    private static void Emit(JsonObject body, string name, JsonObject bucket, bool given)
    {
        if (bucket.Count > 0 || given) body[name] = bucket;
    }

    internal static string Name(ParameterBucket bucket) => bucket switch
    {
        ParameterBucket.Query => "queryParameters",
        ParameterBucket.Path => "pathParams",
        ParameterBucket.Body => "requestBody",
        _ => "header",
    };
}
