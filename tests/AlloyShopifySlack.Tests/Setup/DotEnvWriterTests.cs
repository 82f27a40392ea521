using AlloyShopifySlack.Common;
using AlloyShopifySlack.Setup;

namespace AlloyShopifySlack.Tests.Setup;

public sealed class DotEnvWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alloyps-env-").FullName;
    private string PathOf(string name = ".env") => Path.Combine(_directory, name);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);

    [Fact]
    public void Updates_in_place_and_appends_keeping_comments_and_order()
    {
        File.WriteAllText(PathOf(), "# Alloy settings\nALLOY_API_VERSION=2025-09\n\n# the tenant\nexport ALLOY_USER_ID=old # keep " +
            "me?\nORDER_VALUE_THRESHOLD=750\n");

        var changed = DotEnvWriter.Set(PathOf(), new[] { Pair("ALLOY_USER_ID", "689593e23e4c93cae95fd75c"),
            Pair("SLACK_CHANNEL_ID", "C0123456789") });

        Assert.Equal(new[] { "ALLOY_USER_ID", "SLACK_CHANNEL_ID" }, changed);
        Assert.Equal(
            "# Alloy settings\nALLOY_API_VERSION=2025-09\n\n# the tenant\nexport " +
                "ALLOY_USER_ID=689593e23e4c93cae95fd75c\nORDER_VALUE_THRESHOLD=750\nSLACK_CHANNEL_ID=C0123456789\n",
            File.ReadAllText(PathOf()));
    }

    [Fact]
    public void Leaves_an_unchanged_value_and_its_line_alone()
    {
        File.WriteAllText(PathOf(), "SHOPIFY_STORE_DOMAIN=my-store # the demo store\n");
        var changed = DotEnvWriter.Set(PathOf(), new[] { Pair("SHOPIFY_STORE_DOMAIN", "my-store") });
        Assert.Empty(changed);
        Assert.Equal("SHOPIFY_STORE_DOMAIN=my-store # the demo store\n", File.ReadAllText(PathOf()));
    }

    [Fact]
    public void Keeps_windows_line_endings()
    {
        File.WriteAllText(PathOf(), "# c\r\nA=1\r\n");
        DotEnvWriter.Set(PathOf(), new[] { Pair("A", "2"), Pair("B", "3") });
        Assert.Equal("# c\r\nA=2\r\nB=3\r\n", File.ReadAllText(PathOf()));
    }

    [Theory]
    [InlineData("plain-value_1.2:3/4@x")]
    [InlineData("Demo User")]
    [InlineData("has # hash")]
    [InlineData("say \"hi\"")]
    [InlineData("it's")]
    [InlineData("")]
    public void Writes_values_the_reader_reads_back_unchanged(string value)
    {
        DotEnvWriter.Set(PathOf(), new[] { Pair("KEY", value) });
        Assert.Equal(value, DotEnvFile.Read(PathOf())["KEY"]);
    }

    [Fact]
    public void Refuses_values_a_dotenv_file_cannot_hold()
    {
        Assert.Throws<ArgumentException>(() => DotEnvWriter.Set(PathOf(), new[] { Pair("KEY", "two\nlines") }));
        Assert.Throws<ArgumentException>(() => DotEnvWriter.Set(PathOf(), new[] { Pair("BAD KEY", "x") }));
        Assert.False(File.Exists(PathOf()));
    }

    [Fact]
    public void Makes_the_file_owner_only_on_unix_and_leaves_no_temporary_file()
    {
        if (OperatingSystem.IsWindows()) return; // permissions are a Unix concern; the rest is covered above
        File.WriteAllText(PathOf(), "A=1\n");
        File.SetUnixFileMode(PathOf(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        DotEnvWriter.Set(PathOf(), new[] { Pair("ALLOY_API_KEY", "secret-value") });
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf()));

        DotEnvWriter.Set(PathOf("new.env"), new[] { Pair("A", "1") });
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("new.env")));
        Assert.Equal(new[] { ".env", "new.env" }, Directory.GetFiles(_directory).Select(Path.GetFileName).OrderBy(n => n,
            StringComparer.Ordinal));
    }
}
