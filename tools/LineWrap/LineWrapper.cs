using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AlloyShopifySlack.Tools.LineWrap;

/// <summary>The wrapped text and the 1-based numbers of the lines it could not bring under the limit.</summary>
internal sealed record WrapResult(string Text, IReadOnlyList<int> Unwrapped);

/// <summary>
/// Breaks long C# lines only where a newline changes nothing: between two tokens (never inside a string, an
/// interpolation or a directive), preferring the shallowest nesting and the rightmost place that fits: after a comma,
/// an opening parenthesis, "=" or "=>", or before "&amp;&amp;", "||", "??", "+", "?", ":" and a chained ".Call".
/// The pieces after the first are indented one level deeper than the line.
/// </summary>
internal static partial class LineWrapper
{
    private const int Continuation = 4;
    private const int MinTail = 16;

    public static WrapResult Wrap(string text, int max)
    {
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview));
        var root = tree.GetRoot();
        var source = tree.GetText();
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var output = new StringBuilder();
        var unwrapped = new List<int>();
        foreach (var line in source.Lines)
        {
            var lineText = source.ToString(line.Span);
            var wrapped = lineText.Length <= max ? null : WrapComment(lineText, max, newline)
                ?? WrapCode(root, line, lineText, max, newline);
            output.Append(wrapped ?? lineText);
            if ((wrapped ?? lineText).Split('\n').Any(piece => piece.TrimEnd('\r').Length > max)) unwrapped.Add(line.LineNumber + 1);
            output.Append(source.ToString(TextSpan(line.End, line.EndIncludingLineBreak)));
        }

        return new WrapResult(output.ToString(), unwrapped);
    }

    private static Microsoft.CodeAnalysis.Text.TextSpan TextSpan(int start, int end) =>
        Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, end);

    /// <summary>A line that is only a // or /// comment, split between words into lines of the same prefix.</summary>
    private static string? WrapComment(string line, int max, string newline)
    {
        var body = line.TrimStart();
        var indent = line[..(line.Length - body.Length)];
        var prefix = body.StartsWith("/// ", StringComparison.Ordinal) ? "/// "
            : body.StartsWith("// ", StringComparison.Ordinal) ? "// " : null;
        if (prefix == null) return null;
        var pieces = new List<string>();
        var rest = body[prefix.Length..];
        var room = max - indent.Length - prefix.Length;
        if (room < 20) return null;
        while (indent.Length + prefix.Length + rest.Length > max)
        {
            var cut = rest.LastIndexOf(' ', Math.Min(rest.Length - 1, room));
            if (cut <= 0) break;
            pieces.Add(indent + prefix + rest[..cut].TrimEnd());
            rest = rest[(cut + 1)..].TrimStart();
        }

        pieces.Add(indent + prefix + rest);
        return pieces.Count == 1 ? null : string.Join(newline, pieces);
    }

    private static string? WrapCode(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextLine line, string lineText, int max, string newline)
    {
        var all = root.DescendantTokens(line.Span).ToList();
        // A line that continues a multi-line token (a verbatim or raw string) is left as it is.
        if (all.Any(t => t.SpanStart < line.Start && t.Span.End > line.Start)) return null;
        var tokens = all.Where(t => t.SpanStart >= line.Start && t.Span.End <= line.End && t.Span.Length > 0).ToList();
        if (tokens.Count < 2) return null;
        var indent = lineText.Length - lineText.TrimStart().Length;
        var breaks = Candidates(tokens);
        var pieces = new List<string>();
        var text = lineText;
        var pieceStart = line.Start + indent;
        var pieceIndent = indent;
        var piecePrefix = "";
        while (pieceIndent + piecePrefix.Length + (line.End - pieceStart) > max)
        {
            var room = max - pieceIndent - piecePrefix.Length;
            // A break that leaves a stub ("false); }") on the last line reads worse than one a little earlier.
            var fitting = breaks.Where(b => b.Position > pieceStart && b.LeftEnd - pieceStart + b.LeftSuffix.Length <= room
                && line.End - b.Position >= MinTail).ToList();
            if (fitting.Count == 0) break;
            var roomy = fitting.Where(b => b.LeftEnd - pieceStart >= room / 2).ToList();
            var pick = (roomy.Count > 0 ? roomy : fitting).OrderBy(b => b.Depth).ThenByDescending(b => b.Position).First();
            var left = text[(pieceStart - line.Start)..(pick.LeftEnd - line.Start)];
            pieces.Add(new string(' ', pieceIndent) + piecePrefix + (pick.InsideString ? left : left.Trim()) + pick.LeftSuffix);
            pieceStart = pick.Position;
            while (!pick.InsideString && pieceStart < line.End && text[pieceStart - line.Start] == ' ') pieceStart++;
            pieceIndent = indent + Continuation;
            piecePrefix = pick.RightPrefix;
        }

        if (pieces.Count == 0) return null;
        pieces.Add(new string(' ', pieceIndent) + piecePrefix + text[(pieceStart - line.Start)..].TrimEnd());
        return string.Join(newline, pieces);
    }

    /// <summary>
    /// A place to break: where the left piece ends and the next begins, how loosely it binds (lower first), and for a
    /// string split in two, what closes the left piece (<c>" +</c>) and opens the next (<c>"</c>, <c>$"</c>, <c>@"</c>).
    /// </summary>
    private readonly record struct Break(int Position, int LeftEnd, int Depth, string LeftSuffix = "", string RightPrefix = "")
    {
        public bool InsideString => RightPrefix.Length > 0;
    }

    /// <summary>String splits come after every break between tokens.</summary>
    private const int StringSplitDepth = 1000;

    private static List<Break> Candidates(List<SyntaxToken> tokens)
    {
        var breaks = new List<Break>();
        for (var i = 1; i < tokens.Count; i++)
        {
            var previous = tokens[i - 1];
            var token = tokens[i];
            breaks.AddRange(StringSplits(previous));
            if (i == tokens.Count - 1) breaks.AddRange(StringSplits(token));
            if (InsideString(previous) || InsideString(token)) continue;
            // The node the break belongs to; the fewer its ancestors, the looser it binds (so "a && b + c" breaks at &&).
            var owner = IsBreakAfter(previous, token) ? previous.Parent : IsBreakBefore(previous, token) ? token.Parent : null;
            if (owner != null) breaks.Add(new Break(token.SpanStart, previous.Span.End, owner.Ancestors().Count()));
        }

        return breaks;
    }

    private static bool IsBreakAfter(SyntaxToken previous, SyntaxToken token)
    {
        if (token.IsKind(SyntaxKind.CloseParenToken) || token.IsKind(SyntaxKind.CloseBracketToken)
            || token.IsKind(SyntaxKind.SemicolonToken)) return false;
        return previous.Kind() switch
        {
            SyntaxKind.CommaToken => previous.Parent is not (TypeArgumentListSyntax or TypeParameterListSyntax or ArrayRankSpecifierSyntax),
            SyntaxKind.OpenParenToken => previous.Parent is ArgumentListSyntax or ParameterListSyntax,
            SyntaxKind.EqualsGreaterThanToken => true,
            SyntaxKind.EqualsToken => previous.Parent is EqualsValueClauseSyntax or AssignmentExpressionSyntax,
            _ => false,
        };
    }

    private static bool IsBreakBefore(SyntaxToken previous, SyntaxToken token) => token.Kind() switch
    {
        SyntaxKind.AmpersandAmpersandToken or SyntaxKind.BarBarToken or SyntaxKind.QuestionQuestionToken or SyntaxKind.PlusToken
            => token.Parent is BinaryExpressionSyntax,
        SyntaxKind.QuestionToken or SyntaxKind.ColonToken => token.Parent is ConditionalExpressionSyntax,
        SyntaxKind.DotToken => token.Parent is MemberAccessExpressionSyntax && previous.IsKind(SyntaxKind.CloseParenToken),
        _ => false,
    };

    private static bool InsideString(SyntaxToken token) =>
        token.Parent != null && token.Parent.AncestorsAndSelf().Any(n => n is InterpolatedStringExpressionSyntax or InterpolationSyntax);
}
