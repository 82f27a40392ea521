using System.Globalization;
using System.Text.RegularExpressions;

namespace AlloyShopifySlack.Setup
{
    /// <summary>
    /// What a listOrders answer says about Shopify's single-query cost limit. The refusal is
    /// <c>{"errors":[{"message":"Query cost is 1723, which exceeds the single query max cost limit (1000).",
    /// "extensions":{"code":"MAX_COST_EXCEEDED","cost":1723,"maxCost":1000}}]}</c>, in a 200 or inside an Alloy 4xx:
    /// the text is searched rather than parsed, so that either wrapping (or a cut excerpt) still reads.
    /// </summary>
    internal sealed class ShopifyCostAnswer
    {
        private static readonly Regex CostField = new Regex("\"cost\"\\s*:\\s*(\\d+)", RegexOptions.CultureInvariant);
        private static readonly Regex MaxCostField = new Regex("\"maxCost\"\\s*:\\s*(\\d+)", RegexOptions.CultureInvariant);
        private static readonly Regex Message = new Regex("Query cost is (\\d+), which exceeds the single query max cost limit \\((\\d+)\\)", RegexOptions.CultureInvariant);
        private static readonly Regex RequestedCost = new Regex("\"requestedQueryCost\"\\s*:\\s*(\\d+)", RegexOptions.CultureInvariant);

        /// <summary>"200" or "HTTP 400" when refused for its cost; null when it was not.</summary>
        public string? Refusal { get; private set; }
        public int? Cost { get; private set; }
        public int? MaxCost { get; private set; }
        /// <summary>Shopify answered THROTTLED (the bucket was empty), which says nothing about the page size.</summary>
        public bool Throttled { get; private set; }

        public static ShopifyCostAnswer From(string text, string? httpStatus)
        {
            var answer = new ShopifyCostAnswer();
            var message = Message.Match(text);
            if (text.Contains("MAX_COST_EXCEEDED") || message.Success)
            {
                answer.Refusal = httpStatus ?? "200";
                answer.Cost = Number(CostField.Match(text)) ?? (message.Success ? Number(message, 1) : null);
                answer.MaxCost = Number(MaxCostField.Match(text)) ?? (message.Success ? Number(message, 2) : null);
                return answer;
            }
            answer.Throttled = text.Contains("\"THROTTLED\"");
            answer.Cost = Number(RequestedCost.Match(text));
            return answer;
        }

        private static int? Number(Match match, int group = 1) =>
            match.Success && int.TryParse(match.Groups[group].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (int?)null;
    }
}
