using static AlloyShopifySlack.Slack.BlockKitLimits;

namespace AlloyShopifySlack.Slack;

/// <summary>
/// Checks one block against the limits; with <c>fix</c> it truncates in place (reporting each change), without
/// it only reports. One walker so that what Validate reports and what Enforce repairs cannot drift apart.
/// </summary>
internal sealed class BlockWalker
{
    private readonly JsonObject _block;
    private readonly string _where;
    private readonly ICollection<string> _log;
    private readonly bool _fix;

    public BlockWalker(JsonObject block, int index, ICollection<string> log, bool fix)
    {
        _block = block;
        _log = log;
        _fix = fix;
        _where = $"Block {index + 1} ({TypeOf(block) ?? "no type"})";
    }

    public void Walk()
    {
        var type = TypeOf(_block);
        if (type == null) { Problem("has no type"); return; }
        LimitString(_block, "block_id", BlockId, "block_id", mrkdwn: false);
        switch (type)
        {
            case "header":
                TextObject(_block["text"], HeaderText, "text", required: true, plainOnly: true);
                break;
            case "section":
                Section();
                break;
            case "actions":
                Actions();
                break;
            case "context":
                Context();
                break;
        }
    }

    private void Section()
    {
        var hasText = _block["text"] != null;
        if (hasText) TextObject(_block["text"], SectionText, "text", required: true, plainOnly: false);
        var fields = _block["fields"] as JsonArray;
        if (!hasText && (fields == null || fields.Count == 0)) Problem("needs text or fields");
        if (fields != null)
        {
            if (fields.Count > MaxFields)
            {
                if (_fix)
                {
                    while (fields.Count > MaxFields) fields.RemoveAt(fields.Count - 1);
                    Changed($"had more than {MaxFields} fields; kept the first {MaxFields}");
                }
                else Problem($"has {fields.Count} fields; Slack allows {MaxFields}");
            }
            for (var i = 0; i < fields.Count; i++) TextObject(fields[i], FieldText, $"field {i + 1}", required: true, plainOnly: false);
        }
        if (_block["accessory"] is JsonObject accessory && TypeOf(accessory) == "button")
        {
            if (!Button(accessory, "accessory") && _fix)
            {
                _block.Remove("accessory");
                Changed("accessory button dropped: its url exceeds the limit and a cut url would be a broken link");
            }
        }
    }

    private void Actions()
    {
        if (!(_block["elements"] is JsonArray elements) || elements.Count == 0) { Problem("needs at least one element"); return; }
        if (elements.Count > MaxActionElements)
        {
            if (_fix)
            {
                while (elements.Count > MaxActionElements) elements.RemoveAt(elements.Count - 1);
                Changed($"had more than {MaxActionElements} elements; kept the first {MaxActionElements}");
            }
            else Problem($"has {elements.Count} elements; Slack allows {MaxActionElements}");
        }
        foreach (var button in elements.OfType<JsonObject>().Where(e => TypeOf(e) == "button").ToList())
        {
            if (!Button(button, "button") && _fix)
            {
                elements.Remove(button);
                Changed("button dropped: its url exceeds the limit and a cut url would be a broken link");
            }
        }
        if (_fix && elements.Count == 0) Problem("has no elements left");
    }

    private void Context()
    {
        if (!(_block["elements"] is JsonArray elements) || elements.Count == 0) { Problem("needs at least one element"); return; }
        if (elements.Count > MaxContextElements)
        {
            if (_fix)
            {
                while (elements.Count > MaxContextElements) elements.RemoveAt(elements.Count - 1);
                Changed($"had more than {MaxContextElements} elements; kept the first {MaxContextElements}");
            }
            else Problem($"has {elements.Count} elements; Slack allows {MaxContextElements}");
        }
        for (var i = 0; i < elements.Count; i++)
        {
            var type = TypeOf(elements[i]);
            if (type == "mrkdwn" || type == "plain_text") TextObject(elements[i], ContextText, $"element {i + 1}", required: true,
                plainOnly: false);
        }
    }

    /// <summary>Checks a button; false when its url is too long (the caller drops it rather than cut a link).</summary>
    private bool Button(JsonObject button, string what)
    {
        TextObject(button["text"], ButtonText, what + " text", required: true, plainOnly: true);
        LimitString(button, "action_id", ActionId, what + " action_id", mrkdwn: false);
        LimitString(button, "value", ButtonValue, what + " value", mrkdwn: false);
        LimitString(button, "accessibility_label", AccessibilityLabel, what + " accessibility_label", mrkdwn: false);
        var url = StringOf(button["url"]);
        if (url != null && url.Length > Url)
        {
            if (!_fix) Problem($"{what} url is {url.Length} characters; the limit is {Url}");
            return false;
        }
        return true;
    }

    private void TextObject(JsonNode? node, int max, string what, bool required, bool plainOnly)
    {
        if (!(node is JsonObject text))
        {
            if (required) Problem($"{what} is missing or not a text object");
            return;
        }
        var type = TypeOf(text);
        if (type != "plain_text" && type != "mrkdwn") { Problem($"{what} has type '{type ?? "none"}'; expected plain_text or " +
            "mrkdwn"); return; }
        if (plainOnly && type != "plain_text") Problem($"{what} must be plain_text");
        var value = StringOf(text["text"]);
        if (string.IsNullOrEmpty(value)) { Problem($"{what} is empty"); return; }
        LimitString(text, "text", max, what, mrkdwn: type == "mrkdwn");
    }

    private void LimitString(JsonObject owner, string property, int max, string what, bool mrkdwn)
    {
        var value = StringOf(owner[property]);
        if (value == null || value.Length <= max) return;
        if (_fix)
        {
            owner[property] = mrkdwn ? SlackText.TruncateMrkdwn(value, max) : SlackText.Truncate(value, max);
            Changed($"{what} cut from {value.Length} to {max} characters");
        }
        else Problem($"{what} is {value.Length} characters; the limit is {max}");
    }

    private void Problem(string text) => _log.Add($"{_where} {text}.");

    private void Changed(string text) => _log.Add($"{_where}: {text}.");
}
