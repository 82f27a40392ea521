using System.Net.Http.Headers;

namespace AlloyShopifySlack.Alloy;

/// <summary>How the client retries: capped exponential backoff with jitter, Retry-After honoured up to a cap.</summary>
public sealed class RetryPolicy
{
    public static readonly RetryPolicy Default = new RetryPolicy();

    public int MaxAttempts { get; init; } = 5;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>A Retry-After longer than this is not waited for: the error is reported instead.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    private static readonly Random Jitter = new Random();

    /// <summary>A number in [0, 1) for the random half of each backoff; tests fix it to see exact waits.</summary>
    public Func<double>? JitterSource { get; init; }

    /// <summary>The wait before attempt <paramref name="attempt"/>+1: base·2^(attempt−1), capped, with half of it random.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(MaxDelay.TotalMilliseconds, exponential);
        double random;
        if (JitterSource != null) random = Math.Min(Math.Max(JitterSource(), 0), 1);
        else lock (Jitter) random = Jitter.NextDouble();
        return TimeSpan.FromMilliseconds(capped / 2 + random * capped / 2);
    }

    /// <summary>Reads Retry-After as seconds or as an HTTP date (relative to <paramref name="now"/>).</summary>
    public static TimeSpan? ParseRetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header == null) return null;
        if (header.Delta.HasValue) return header.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : header.Delta.Value;
        if (header.Date.HasValue)
        {
            var wait = header.Date.Value - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
