using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AlloyShopifySlack.Tools.LineWrap;

/// <summary>Where a string literal may be split in two joined by + without changing its value.</summary>
internal static partial class LineWrapper
{
    /// <summary>
    /// Places to split a string literal in two joined by +: in a plain, verbatim, single-line raw or interpolated
    /// string's text (never in a hole, an escape, a doubled quote or brace, a surrogate pair, nor a UTF-8 string), after a
    /// space if it can; the result is the same string.
    /// </summary>
    private static IEnumerable<Break> StringSplits(SyntaxToken token)
    {
        string? prefix = null;
        var text = token.Text;
        int first, last;
        var interpolated = false;
        if (token.IsKind(SyntaxKind.StringLiteralToken) && token.Parent is LiteralExpressionSyntax literal && Joinable(literal))
        {
            prefix = text.StartsWith('@') ? "@\"" : text.StartsWith('"') ? "\"" : null;
            (first, last) = (prefix?.Length ?? 0, text.Length - 1);
        }
        else if (token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) && token.Parent is LiteralExpressionSyntax raw && Joinable(raw))
        {
            prefix = new string('"', text.TakeWhile(c => c == '"').Count());
            (first, last) = (prefix.Length, text.Length - prefix.Length);
        }
        else if (token.IsKind(SyntaxKind.InterpolatedStringTextToken) && token.Parent is InterpolatedStringTextSyntax
            && token.Parent.Parent is InterpolatedStringExpressionSyntax expression && Joinable(expression))
        {
            var start = expression.StringStartToken.Text;
            prefix = start is "$\"" or "$@\"" or "@$\"" ? start : null;
            // No hole and no doubled brace after the split: the rest is a plain string.
            var rest = expression.Contents.Where(c => c.SpanStart >= token.Span.End).ToList();
            if (prefix != null && !rest.Any(c => c is InterpolationSyntax) && !text.Contains("{{", StringComparison.Ordinal)
                && !text.Contains("}}", StringComparison.Ordinal)) prefix = prefix.Replace("$", "", StringComparison.Ordinal);
            (first, last, interpolated) = (0, text.Length, true);
        }
        else yield break;

        if (prefix == null || text.EndsWith("u8", StringComparison.Ordinal)) yield break;
        var isRaw = token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken);
        var verbatim = prefix.Contains('@', StringComparison.Ordinal) || (interpolated && token.Parent!.Parent is
            InterpolatedStringExpressionSyntax { StringStartToken.Text: "$@\"" or "@$\"" });
        var blocked = Blocked(text, first, last, isRaw, verbatim, interpolated);
        var suffix = (isRaw ? prefix : "\"") + " +";
        var depth = StringSplitDepth + token.Parent!.Ancestors().Count();
        for (var i = first + 1; i < last; i++)
        {
            if (blocked.Contains(i)) continue;
            var at = token.SpanStart + i;
            // After a space first, then after punctuation ("a&" + "b"), a word cut in two last.
            var tier = text[i - 1] == ' ' ? 0 : !char.IsLetterOrDigit(text[i - 1]) ? 1 : 2;
            yield return new Break(at, at, depth + tier * StringSplitDepth, suffix, prefix);
        }
    }

    /// <summary>The places inside a string's text where a split would cut an escape, a doubled quote or brace, or a character.</summary>
    private static HashSet<int> Blocked(string text, int first, int last, bool raw, bool verbatim, bool interpolated)
    {
        var blocked = new HashSet<int>();
        for (var i = first; i < last; i++)
        {
            var length = 1;
            if (raw) { if (text[i] == '"') { blocked.Add(i); blocked.Add(i + 1); } }
            else if (!verbatim && text[i] == '\\') length = EscapeLength(text, i);
            else if (verbatim && text[i] == '"' && i + 1 < last && text[i + 1] == '"') length = 2;
            if (interpolated && text[i] is '{' or '}' && i + 1 < last && text[i + 1] == text[i]) length = 2;
            if (char.IsHighSurrogate(text[i])) length = Math.Max(length, 2);
            for (var k = i + 1; k < i + length; k++) blocked.Add(k);
            i += length - 1;
        }

        return blocked;
    }

    private static int EscapeLength(string text, int at)
    {
        if (at + 1 >= text.Length) return 1;
        return text[at + 1] switch
        {
            'u' => 6,
            'U' => 10,
            'x' => 2 + text.Skip(at + 2).Take(4).TakeWhile(Uri.IsHexDigit).Count(),
            _ => 2,
        };
    }

    /// <summary>
    /// Where "a b" may become "a " + "b" with the same meaning: the string stands alone (an argument, a value, a
    /// return, an arm) or in a concatenation, not as the receiver of a member, an operand of a cast, nor inside a hole.
    /// </summary>
    private static bool Joinable(ExpressionSyntax literal)
    {
        if (literal.Ancestors().Any(n => n is InterpolationSyntax)) return false;
        return literal.Parent switch
        {
            ArgumentSyntax or AttributeArgumentSyntax or EqualsValueClauseSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax
                or InitializerExpressionSyntax or ExpressionElementSyntax or SwitchExpressionArmSyntax or LambdaExpressionSyntax
                or ThrowStatementSyntax => true,
            BinaryExpressionSyntax binary => binary.IsKind(SyntaxKind.AddExpression) || binary.IsKind(SyntaxKind.CoalesceExpression)
                && binary.Right == literal,
            AssignmentExpressionSyntax assignment => assignment.Right == literal,
            ConditionalExpressionSyntax conditional => conditional.Condition != literal,
            _ => false,
        };
    }
}
