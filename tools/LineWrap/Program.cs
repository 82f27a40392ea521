using AlloyShopifySlack.Tools.LineWrap;

// Usage: LineWrap [--check] [--max N] FILE...   Wraps C# lines longer than N (140) between tokens, and full-line
// comments between words; leaves every other line alone, so a second run changes nothing. Prints each file it changed
// (or would change with --check) and each line it could not bring under the limit; exits 1 with --check when any would change.
var check = false;
var max = 140;
var files = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--check") check = true;
    else if (args[i] == "--max") max = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else files.Add(args[i]);
}

var changed = 0;
foreach (var file in files)
{
    var text = File.ReadAllText(file);
    var result = LineWrapper.Wrap(text, max);
    foreach (var line in result.Unwrapped) Console.WriteLine($"{file}:{line}: still over {max} characters (wrap it by hand)");
    if (result.Text == text) continue;
    changed++;
    Console.WriteLine((check ? "would wrap " : "wrapped ") + file);
    if (!check) File.WriteAllText(file, result.Text);
}

return check && changed > 0 ? 1 : 0;
