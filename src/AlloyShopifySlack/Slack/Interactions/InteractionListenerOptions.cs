using System.Net;

namespace AlloyShopifySlack.Slack.Interactions;

/// <summary>Handles one verified, parsed interaction: the slow part, run by the listener's workers after the 200.</summary>
public interface IInteractionHandler
{
    Task<SlackInteraction> HandleAsync(InteractionPayload payload, DateTimeOffset receivedAt, CancellationToken ct);
}

public sealed class InteractionListenerOptions
{
    public const string DefaultPath = "/slack/interactions";
    public const int DefaultPort = 3000;
    /// <summary>Slack's payloads are a few KiB; anything past this is refused with 413 before it is read.</summary>
    public const int DefaultMaxBodyBytes = 64 * 1024;

    /// <summary>Loopback by default: put a reverse proxy (TLS) in front to reach it from Slack.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;
    /// <summary>0 picks a free port (see <see cref="InteractionListener.Url"/>).</summary>
    public int Port { get; set; } = DefaultPort;
    public string Path { get; set; } = DefaultPath;
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;
    /// <summary>Stop after answering this many requests (of any kind) and finishing their work. For scripts and tests.</summary>
    public int? MaxRequests { get; set; }
    /// <summary>Stop after this long (then finish the work already accepted).</summary>
    public TimeSpan? Timeout { get; set; }
    /// <summary>How many interactions are worked on at once.</summary>
    public int Workers { get; set; } = 4;
    /// <summary>Accepted interactions waiting for a worker; past it requests get 503 (Slack shows the user an error).</summary>
    public int QueueCapacity { get; set; } = 1024;

    internal void Validate()
    {
        if (Port < 0 || Port > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "The port must be between 0 and 65535.");
        if (string.IsNullOrEmpty(Path) || Path[0] != '/') throw new ArgumentException($"The path '{Path}' must start with " +
            "'/'.", nameof(Path));
        if (MaxBodyBytes < 1024) throw new ArgumentOutOfRangeException(nameof(MaxBodyBytes), MaxBodyBytes,
            "The body limit must be at least 1024 bytes.");
        if (MaxRequests.HasValue && MaxRequests.Value < 1) throw new ArgumentOutOfRangeException(nameof(MaxRequests), MaxRequests,
            "MaxRequests must be at least 1.");
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "At least one worker is needed.");
        if (QueueCapacity < 1) throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity,
            "The queue needs room for at least one interaction.");
    }
}
