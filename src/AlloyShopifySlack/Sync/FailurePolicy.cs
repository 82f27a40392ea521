using AlloyShopifySlack.Alloy;
using AlloyShopifySlack.Slack;

namespace AlloyShopifySlack.Sync;

/// <summary>What a failed post means for the rest of the run.</summary>
internal enum FailureScope
{
    /// <summary>This order only (a bad message): the channel goes on; retried later with backoff.</summary>
    Order,
    /// <summary>The channel is unusable (not found, bot not in it, archived): its other alerts fail the same way without a call.</summary>
    Channel,
    /// <summary>Busy or unreachable: stop posting to this channel now; the rest waits for the next run, no backoff.</summary>
    Transient,
    /// <summary>The credentials or configuration are wrong: stop the whole run.</summary>
    Run,
}

internal static class FailurePolicy
{
    public static FailureScope Classify(Exception error)
    {
        if (error is ProviderException provider)
        {
            if (SlackErrorCodes.IsChannelFailure(provider.Code)) return FailureScope.Channel;
            if (SlackErrorCodes.IsRateLimited(provider.Code) || SlackErrorCodes.IsTransient(provider.Code)) return FailureScope.Transient;
            if (SlackErrorCodes.IsCredentialFailure(provider.Code)) return FailureScope.Run;
            return FailureScope.Order;
        }
        if (error is AlloyException alloy)
        {
            switch (alloy.Kind)
            {
                case AlloyErrorKind.RateLimited:
                case AlloyErrorKind.Server:
                case AlloyErrorKind.Unreachable:
                case AlloyErrorKind.MalformedResponse:
                    return FailureScope.Transient;
                case AlloyErrorKind.Authentication:
                case AlloyErrorKind.Configuration:
                    return FailureScope.Run;
                case AlloyErrorKind.NotFound:
                    return FailureScope.Run; // an unknown credential, user or action: every post would fail alike
                default:
                    return FailureScope.Order;
            }
        }
        return FailureScope.Order;
    }

    /// <summary>
    /// When to try again after failure number <paramref name="attempts"/>: transient trouble retries on the next
    /// run; a refusal backs off exponentially; past the horizon the order is given up (null).
    /// </summary>
    public static DateTimeOffset? NextAttempt(FailureScope scope, int attempts, DateTimeOffset firstFailedAt, DateTimeOffset now,
        OrderSyncOptions options)
    {
        if (now - firstFailedAt >= options.RetryHorizon) return null;
        if (scope == FailureScope.Transient || scope == FailureScope.Run) return now;
        var factor = Math.Pow(2, Math.Min(30, Math.Max(0, attempts - 1)));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.RetryMaxDelay.Ticks, options.RetryBaseDelay.Ticks * factor));
        return now + delay;
    }

    public static string Describe(Exception error) => error is ProviderException provider && !string.IsNullOrEmpty(provider.Code)
        ? $"{provider.Code}: {provider.Message}"
        : error.Message;

    public static string ErrorId(Exception error) => error is AlloyException alloy ? alloy.ErrorId : "OrderAlertFailed";
}
