namespace AlloyShopifySlack.Common;

/// <summary>
/// A failure that knows what the user should do about it; the cmdlets show <see cref="Remedy"/> as the error's
/// RecommendedAction ("Recommendation:" under the message).
/// </summary>
public interface IRemedy
{
    /// <summary>One sentence: what to do next.</summary>
    string Remedy { get; }
}
