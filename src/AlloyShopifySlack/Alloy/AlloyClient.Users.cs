using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace AlloyShopifySlack.Alloy
{
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
                var existing = await FindUserByNameAsync(username, ct).ConfigureAwait(false);
                if (existing == null) throw;
                throw new AlloyConflictException("AlloyUserExists",
                    $"An Alloy user named '{username}' already exists (userId {existing.UserId}). " +
                    $"Reuse it with Get-AlloyUser -Username '{username}', or run New-AlloyUser -Username '{username}' -ReuseExisting.");
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
            if (string.IsNullOrEmpty(user.UserId)) throw new AlloyMalformedResponseException($"Alloy's answer for user '{userIdOrName}' has no userId.");
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
}
