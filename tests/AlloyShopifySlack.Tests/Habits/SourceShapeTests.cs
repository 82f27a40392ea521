using System.Text.RegularExpressions;
using AlloyShopifySlack.Tests.Sync.Crash;

namespace AlloyShopifySlack.Tests.Habits;

/// <summary>
/// The house shape of the source, checked on every test run: C# under src/, tests/ and tools/ has lines of at most 140
/// characters, file-scoped namespaces and at most 250 lines a file; the PowerShell under tools/, module/, tests/pester
/// and build.ps1 at most 250 lines a file. `dotnet pwsh ./build.ps1 format` fixes most of it mechanically.
/// </summary>
public class SourceShapeTests
{
    private const int MaxLineLength = 140;
    private const int MaxFileLines = 250;

    private static readonly string[] SkippedFolders = { "bin", "obj", "out", "node_modules", "TestResults", ".git" };

    private static readonly Regex BlockNamespace = new(@"^\s*namespace\s+[\w.]+\s*(\{.*)?$", RegexOptions.CultureInvariant);

    [Fact]
    public void CSharpLinesAreAtMost140Characters()
    {
        var offenders = Lines(CSharpFiles()).Where(l => l.Text.Length > MaxLineLength).Select(l => $"{l.Where} ({l.Text.Length})");
        AssertNone(offenders, $"C# lines over {MaxLineLength} characters (run 'dotnet pwsh ./build.ps1 format', then wrap the " +
            "rest by hand)");
    }

    [Fact]
    public void CSharpNamespacesAreFileScoped()
    {
        var offenders = Lines(CSharpFiles()).Where(l => BlockNamespace.IsMatch(l.Text)).Select(l => l.Where);
        AssertNone(offenders, "block-scoped namespaces (run 'dotnet pwsh ./build.ps1 format')");
    }

    [Fact]
    public void CSharpFilesAreAtMost250Lines() => AssertShortFiles(CSharpFiles());

    [Fact]
    public void PowerShellFilesAreAtMost250Lines()
    {
        var root = PowerShellLocator.RepositoryRoot;
        var files = new[] { "tools", "module", Path.Combine("tests", "pester") }
            .SelectMany(folder => SourceFiles(Path.Combine(root, folder), "*.ps1", "*.psm1"))
            .Append(Path.Combine(root, "build.ps1"));
        AssertShortFiles(files);
    }

    private static void AssertShortFiles(IEnumerable<string> files)
    {
        var offenders = files
            .Select(file => (Name: Relative(file), Lines: File.ReadAllLines(file).Length))
            .Where(f => f.Lines > MaxFileLines)
            .Select(f => $"{f.Name} ({f.Lines} lines)");
        AssertNone(offenders, $"files over {MaxFileLines} lines (split them by responsibility)");
    }

    private static void AssertNone(IEnumerable<string> offenders, string what)
    {
        var list = offenders.ToList();
        Assert.True(list.Count == 0, $"{list.Count} {what}:{Environment.NewLine}{string.Join(Environment.NewLine, list)}");
    }

    private static IEnumerable<string> CSharpFiles()
    {
        var root = PowerShellLocator.RepositoryRoot;
        return new[] { "src", "tests", "tools" }.SelectMany(folder => SourceFiles(Path.Combine(root, folder), "*.cs"));
    }

    private static IEnumerable<(string Where, string Text)> Lines(IEnumerable<string> files) =>
        files.SelectMany(file => File.ReadAllLines(file).Select((text, i) => ($"{Relative(file)}:{i + 1}", text)));

    private static IEnumerable<string> SourceFiles(string folder, params string[] patterns)
    {
        if (!Directory.Exists(folder)) yield break;
        foreach (var pattern in patterns)
            foreach (var file in Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories))
                if (!Relative(file).Split('/').Any(part => SkippedFolders.Contains(part))) yield return file;
    }

    private static string Relative(string file) => Path.GetRelativePath(PowerShellLocator.RepositoryRoot, file).Replace('\\', '/');
}
