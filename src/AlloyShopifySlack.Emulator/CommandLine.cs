namespace AlloyShopifySlack.Emulator;

/// <summary>The standalone server's arguments: --urls (loopback only) and the important <see cref="EmulatorOptions"/>.</summary>
internal sealed class CommandLine
{
    public const string Usage = """
        Usage: dotnet AlloyShopifySlack.Emulator.dll [--urls http://127.0.0.1:0] [options]
          --port N                      port on 127.0.0.1 (0 = any free port; default 0)
          --api-key KEY                 the bearer key to accept
          --seed N                      seed of the sample store
          --orders N  --days N          sample store size (default 600 orders over 7 days)
          --now ISO-8601                start (and freeze) the emulator clock at this time
          --store-domain NAME           store subdomain (default alloy-demo-store)
          --envelope responseData|successResult
          --credential-list all|connector|user|embedded   --other-listings notfound|empty
          --bare-credential-type        credential type "shopify" instead of "shopify-oauth2"
          --store-field shopName|subdomain|shopSubdomain
          --oauth-callback none|credentialId
          --no-cursors                  no pageInfo, `after` ignored
          --ignore-after                pageInfo returned, `after` ignored (every page is the first)
          --max-query-cost N            refuse queries over N points (MAX_COST_EXCEEDED; Shopify: 1000)
          --cost-refusal-status N       HTTP status of that refusal (200 = inside the envelope, default)
          --no-throttling  --restore-rate X  --throttle-429
          --slack-rate X  --slack-burst N  --no-slack-rate-limit
          --slack-workspace-per-minute N  chat.postMessage calls per minute over all channels
          --latency-ms N                latency on every Alloy request
          --provider-error-status N     HTTP status for Slack ok:false and GraphQL errors (default 200)
          --profile lenient|realistic   realistic: cost cap, ignored `after`, undeclared fields dropped,
                                        15-message history pages at 1 call a minute, googleSheets
                                        with appendRow in Google's shape
          --history-interval S          seconds between conversations.history calls (realistic: 60)
        """;

    public EmulatorOptions Options { get; } = new();
    public int Port { get; private set; }
    public bool ShowHelp { get; private set; }
    public string? Error { get; private set; }

    public static CommandLine Parse(string[] args)
    {
        var result = new CommandLine();
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i].ToLowerInvariant();
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
                int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
                double Dbl() => double.Parse(Next(), CultureInfo.InvariantCulture);
                var o = result.Options;
                switch (name)
                {
                    case "-h" or "--help" or "-?": result.ShowHelp = true; break;
                    case "--urls": result.Port = LoopbackPort(Next()); break;
                    case "--port": result.Port = Int(); break;
                    case "--api-key": o.ApiKey = Next(); break;
                    case "--seed": o.Seed = Int(); break;
                    case "--orders": o.OrderCount = Int(); break;
                    case "--days": o.OrderDays = Int(); break;
                    case "--now": o.Now = DateTimeOffset.Parse(Next(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal); break;
                    case "--store-domain": o.StoreDomain = Next(); break;
                    case "--envelope": o.Envelope = Next().ToLowerInvariant() switch { "responsedata" => ExecuteEnvelopeKind.ResponseData,
                        "successresult" or "result" => ExecuteEnvelopeKind.SuccessResult,
                        var v => throw new ArgumentException($"Unknown envelope '{v}'.") }; break;
                    case "--credential-list": o.CredentialListVariant = Next().ToLowerInvariant() switch { "all" =>
                        CredentialListVariant.All, "connector" => CredentialListVariant.ConnectorCredentials,
                        "user" => CredentialListVariant.UserCredentials, "embedded" => CredentialListVariant.EmbeddedUserCredentials,
                        var v => throw new ArgumentException($"Unknown credential list '{v}'.") }; break;
                    case "--other-listings": o.OtherCredentialListings = string.Equals(Next(), "empty", StringComparison.OrdinalIgnoreCase)
                        ? DisabledListingBehavior.Empty : DisabledListingBehavior.NotFound; break;
                    case "--bare-credential-type": o.BareCredentialType = true; break;
                    case "--store-field": o.ShopifyStoreField = Next().ToLowerInvariant() switch { "shopname" =>
                        ShopifyStoreField.DataShopName, "subdomain" => ShopifyStoreField.DataSubdomain,
                        "shopsubdomain" => ShopifyStoreField.ShopSubdomain, var v =>
                        throw new ArgumentException($"Unknown store field '{v}'.") }; break;
                    case "--oauth-callback": o.OAuthCallback = string.Equals(Next(), "credentialid", StringComparison.OrdinalIgnoreCase)
                        ? OAuthCallbackParameters.CredentialId : OAuthCallbackParameters.None; break;
                    case "--no-cursors": o.CursorPassthrough = false; break;
                    case "--ignore-after": o.IgnoreAfterCursor = true; break;
                    case "--max-query-cost": o.ShopifyMaxQueryCost = Int(); break;
                    case "--cost-refusal-status": o.ShopifyCostRefusalStatus = Int(); break;
                    case "--no-throttling": o.ShopifyThrottling = false; break;
                    case "--restore-rate": o.ShopifyRestoreRate = Dbl(); break;
                    case "--throttle-429": o.ShopifyThrottleAs429 = true; break;
                    case "--slack-rate": o.SlackMessagesPerSecond = Dbl(); break;
                    case "--slack-burst": o.SlackBurst = Int(); break;
                    case "--no-slack-rate-limit": o.SlackRateLimit = false; break;
                    case "--slack-workspace-per-minute": o.SlackWorkspaceMessagesPerMinute = Int(); break;
                    case "--latency-ms": o.LatencyMs = Int(); break;
                    case "--provider-error-status": o.ProviderErrorStatus = Int(); break;
                    case "--profile":
                        var profile = Next().ToLowerInvariant();
                        if (profile == "realistic") o.UseRealisticProfile(o.SlackHistoryIntervalSeconds ?? 60);
                        else if (profile != "lenient") throw new ArgumentException($"Unknown profile '{profile}' (lenient or realistic).");
                        break;
                    case "--history-interval": o.SlackHistoryIntervalSeconds = Dbl(); break;
                    default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
                }
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            result.Error = ex.Message;
        }
        return result;
    }

    /// <summary>Accepts http://127.0.0.1:N or http://localhost:N only: the emulator never listens beyond loopback.</summary>
    private static int LoopbackPort(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
        if (!Uri.TryCreate(first, UriKind.Absolute, out var uri) || uri.Scheme != "http"
            || (uri.Host != "127.0.0.1" && uri.Host != "localhost"))
            throw new ArgumentException($"--urls must be http://127.0.0.1:PORT (got '{urls}'); the emulator only listens on loopback.");
        return uri.Port;
    }
}
