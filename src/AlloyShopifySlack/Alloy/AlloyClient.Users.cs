namespace AlloyShopifySlack.Alloy;

public sealed partial class AlloyClient
{
    public async Task<AlloyUser> CreateUserAsync(string username, string? fullName, CancellationToken ct)
    {
        var body = new JsonObject { ["username"] = username };
        if (!string.IsNullOrEmpty(fullName)) body["fullName"] = fullName;
        try
        {
            var answer = await PostAsync("users", body, idempotent: false, ct).ConfigureAwait(false);
            var userId = JsonRead.String(answer, "userId")
                ?? throw new AlloyMalformedResponseException("Alloy created the user but its answer has no userId.");
            return new AlloyUser { UserId = userId, Username = username, FullName = fullName };
        }
        catch (AlloyException ex) when (ex.Kind == AlloyErrorKind.BadRequest || ex.Kind == AlloyErrorKind.Conflict)
        {
            // What a duplicate username returns is unconfirmed (some 4xx): look before blaming the caller.
            AlloyUser? existing;
            try { existing = await FindUserByNameAsync(username, ct).ConfigureAwait(false); }
            catch (AlloyException) { existing = null; }
            if (existing == null) throw;
            throw UserExists(username, existing);
        }
    }

    internal static AlloyConflictException UserExists(string username, AlloyUser existing)
    {
        var quoted = "'" + username.Replace("'", "''") + "'";
        return new AlloyConflictException("AlloyUserExists",
            $"An Alloy user named {quoted} already exists (userId {existing.UserId}). " +
            $"Reuse it with Get-AlloyUser -Username {quoted}, or run New-AlloyUser -Username {quoted} -ReuseExisting.");
    }

    /// <summary>
    /// The "create or reuse by username" one-liner: returns the existing user of that name, else creates it.
    /// When the create fails ambiguously (a 5xx or timeout after the post), looks again before giving up, so a
    /// user that was in fact created is reused rather than reported as a failure.
    /// </summary>
    /// <param name="reuseExisting">False: an existing user of that name is an AlloyUserExists error (checked before
    /// posting, because a server might accept duplicate usernames).</param>
    public async Task<UserEnsured> EnsureUserAsync(string username, string? fullName, CancellationToken ct, bool reuseExisting = true)
    {
        var existing = await FindUserByNameAsync(username, ct).ConfigureAwait(false);
        if (existing != null && !reuseExisting) throw UserExists(username, existing);
        if (existing != null) return new UserEnsured(existing, Created: false);
        try
        {
            return new UserEnsured(await CreateUserAsync(username, fullName, ct).ConfigureAwait(false), Created: true);
        }
        catch (AlloyAmbiguousResultException)
        {
            var after = await FindUserByNameAsync(username, ct).ConfigureAwait(false);
            if (after == null) throw;
            return new UserEnsured(after, Created: true);
        }
        catch (AlloyConflictException ex) when (ex.ErrorId == "AlloyUserExists" && reuseExisting)
        {
            // Created by someone else between the look-up and the post.
            var raced = await FindUserByNameAsync(username, ct).ConfigureAwait(false);
            if (raced == null) throw;
            return new UserEnsured(raced, Created: false);
        }
    }

    public async Task<IReadOnlyList<AlloyUser>> ListUsersAsync(CancellationToken ct)
    {
        var answer = await GetAsync("users", ct).ConfigureAwait(false);
        return Items(answer, "data", "users").Select(ReadUser).ToList();
    }

    /// <summary>Gets a user by id or by username (the API accepts both).</summary>
    public async Task<AlloyUser> GetUserAsync(string userIdOrName, CancellationToken ct)
    {
        var answer = await GetAsync("users/" + Escape(userIdOrName), ct).ConfigureAwait(false);
        var user = ReadUser(JsonRead.Property(answer, "data") ?? JsonRead.Property(answer, "user") ?? answer);
        if (string.IsNullOrEmpty(user.UserId)) throw new AlloyMalformedResponseException($"Alloy's answer for user '{userIdOrName}' " +
            "has no userId.");
        return user;
    }

    public async Task<AlloyUser?> FindUserByNameAsync(string username, CancellationToken ct)
    {
        var users = await ListUsersAsync(ct).ConfigureAwait(false);
        return users.FirstOrDefault(u => string.Equals(u.Username, username, System.StringComparison.Ordinal));
    }

    public async Task DeleteUserAsync(string userIdOrName, CancellationToken ct)
    {
        await DeleteAsync("users/" + Escape(userIdOrName), ct).ConfigureAwait(false);
    }

    internal static AlloyUser ReadUser(JsonElement item) => new AlloyUser
    {
        UserId = JsonRead.String(item, "userId") ?? JsonRead.String(item, "id") ?? string.Empty,
        Username = JsonRead.String(item, "username"),
        FullName = JsonRead.String(item, "fullName"),
    };
}

/// <summary>The outcome of <see cref="AlloyClient.EnsureUserAsync"/>.</summary>
public sealed record UserEnsured(AlloyUser User, bool Created);
