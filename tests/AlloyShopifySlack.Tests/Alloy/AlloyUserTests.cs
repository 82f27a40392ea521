using System.Net;
using AlloyShopifySlack.Alloy;
using static AlloyShopifySlack.Tests.Alloy.ScriptedHandler;

namespace AlloyShopifySlack.Tests.Alloy;

/// <summary>Users: create, list, get, delete, and "create or reuse by username".</summary>
public class AlloyUserTests
{
    private const string Users = """{"data":[{"userId":"689593e23e4c93cae95fd75c","username":"acme","fullName":"Acme """ +
        """Owner"},{"userId":"689593e23e4c93cae95fd75d","fullName":"No Name"}]}""";

    [Fact]
    public async Task CreatingAUserPostsTheUsernameAndFullName()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Post, "/users", () => JsonReply("""{"userId":"689593e23e4c93cae95fd7aa"}"""));

        var user = await ClientFactory.Client(handler).CreateUserAsync("shop", "Shop Owner", CancellationToken.None);

        Assert.Equal("689593e23e4c93cae95fd7aa", user.UserId);
        var body = JsonNode.Parse(Assert.Single(handler.Requests).Body)!;
        Assert.Equal("shop", (string?)body["username"]);
        Assert.Equal("Shop Owner", (string?)body["fullName"]);
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task ADuplicateUsernameIsAUserExistsErrorThatSaysHowToReuse(HttpStatusCode status)
    {
        var handler = new ScriptedHandler()
            .On(HttpMethod.Post, "/users", () => JsonReply(status, """{"message":"username already taken"}"""))
            .On(HttpMethod.Get, "/users", () => JsonReply(Users));

        var error = await Assert.ThrowsAsync<AlloyConflictException>(() =>
            ClientFactory.Client(handler).CreateUserAsync("acme", null, CancellationToken.None));

        Assert.Equal("AlloyUserExists", error.ErrorId);
        Assert.Contains("689593e23e4c93cae95fd75c", error.Message);
        Assert.Contains("-ReuseExisting", error.Message);
        Assert.Contains("Get-AlloyUser -Username 'acme'", error.Message);
    }

    [Fact]
    public async Task EnsureReusesAnExistingUserWithoutPosting()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/users", () => JsonReply(Users));

        var ensured = await ClientFactory.Client(handler).EnsureUserAsync("acme", "Acme Owner", CancellationToken.None);

        Assert.False(ensured.Created);
        Assert.Equal("689593e23e4c93cae95fd75c", ensured.User.UserId);
        Assert.Equal(0, handler.Count(HttpMethod.Post, "/users"));
    }

    [Fact]
    public async Task EnsureWithoutReuseRefusesADuplicateBeforePosting()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/users", () => JsonReply(Users));

        var error = await Assert.ThrowsAsync<AlloyConflictException>(() =>
            ClientFactory.Client(handler).EnsureUserAsync("acme", null, CancellationToken.None, reuseExisting: false));

        Assert.Equal("AlloyUserExists", error.ErrorId);
        Assert.Equal(0, handler.Count(HttpMethod.Post, "/users"));
    }

    [Fact]
    public async Task EnsureReconcilesAnAmbiguousCreate()
    {
        var handler = new ScriptedHandler()
            .Once(HttpMethod.Get, "/users", () => JsonReply("""{"data":[]}"""))
            .On(HttpMethod.Get, "/users", () => JsonReply("""{"data":[{"userId":"689593e23e4c93cae95fd7bb","username":"new-shop"}]}"""))
            .On(HttpMethod.Post, "/users", () => JsonReply(HttpStatusCode.BadGateway, "{}"));

        var ensured = await ClientFactory.Client(handler).EnsureUserAsync("new-shop", null, CancellationToken.None);

        Assert.True(ensured.Created);
        Assert.Equal("689593e23e4c93cae95fd7bb", ensured.User.UserId);
        Assert.Equal(1, handler.Count(HttpMethod.Post, "/users"));
    }

    [Fact]
    public async Task ListingToleratesUsersWithoutAUsername()
    {
        var handler = new ScriptedHandler().On(HttpMethod.Get, "/users", () => JsonReply(Users));

        var users = await ClientFactory.Client(handler).ListUsersAsync(CancellationToken.None);

        Assert.Equal(2, users.Count);
        Assert.Null(users[1].Username);
        Assert.Null(await ClientFactory.Client(handler).FindUserByNameAsync("No Name", CancellationToken.None));
    }

    [Fact]
    public async Task GettingAndDeletingAUserUseItsPath()
    {
        var handler = new ScriptedHandler()
            .On(HttpMethod.Get, "/users/689593e23e4c93cae95fd75c", () => JsonReply(
                """{"userId":"689593e23e4c93cae95fd75c","username":"acme","fullName":"Acme Owner"}"""))
            .On(HttpMethod.Delete, "/users/689593e23e4c93cae95fd75c", () => JsonReply("""{"success":true}"""));
        var client = ClientFactory.Client(handler);

        var user = await client.GetUserAsync("689593e23e4c93cae95fd75c", CancellationToken.None);
        await client.DeleteUserAsync(user.UserId, CancellationToken.None);

        Assert.Equal("Acme Owner", user.FullName);
        Assert.Equal(2, handler.Requests.Count);
    }
}
