using AlloyShopifySlack.Common;
using AlloyShopifySlack.Slack.Interactions;

namespace AlloyShopifySlack.Tests.Interactions;

public class SlackSignatureVerifierTests
{
    // The example in Slack's "Verifying requests from Slack" guide.
    private const string VectorSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string VectorTimestamp = "1531420618";
    private const string VectorBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&" +
        "channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks." +
        "slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121." +
        "803a0bc887a14d10d2c447fce8b6703c";
    private const string VectorSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(VectorBody);
    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    private static SlackSignatureVerifier Verifier(IClock clock, ReplayGuard? replays = null) =>
        new(SecretText.ToSecureString(VectorSecret), clock, replays);

    [Fact]
    public void Slacks_documented_test_vector_verifies()
    {
        using var verifier = Verifier(new ManualClock(VectorTime));
        Assert.Equal(SignatureVerdict.Valid, verifier.Verify(VectorTimestamp, VectorSignature, Body));
    }

    [Fact]
    public void The_computed_signature_is_the_documented_one()
    {
        Assert.Equal(VectorSignature, SlackSignatureVerifier.ComputeSignature(VectorSecret, VectorTimestamp, Body));
    }

    [Fact]
    public void A_forged_signature_is_a_mismatch()
    {
        using var verifier = Verifier(new ManualClock(VectorTime));
        var forged = VectorSignature.Substring(0, VectorSignature.Length - 1) + "4";
        Assert.Equal(SignatureVerdict.Mismatch, verifier.Verify(VectorTimestamp, forged, Body));
    }

    [Fact]
    public void A_changed_body_or_timestamp_no_longer_matches()
    {
        using var verifier = Verifier(new ManualClock(VectorTime));
        var tampered = Encoding.UTF8.GetBytes(VectorBody.Replace("roadrunner", "coyote"));
        Assert.Equal(SignatureVerdict.Mismatch, verifier.Verify(VectorTimestamp, VectorSignature, tampered));
        Assert.Equal(SignatureVerdict.Mismatch, verifier.Verify("1531420619", VectorSignature, Body));
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_a_mismatch()
    {
        using var verifier = Verifier(new ManualClock(VectorTime));
        var other = SlackSignatureVerifier.ComputeSignature("another-secret", VectorTimestamp, Body);
        Assert.Equal(SignatureVerdict.Mismatch, verifier.Verify(VectorTimestamp, other, Body));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    [InlineData(86400)]
    public void A_timestamp_more_than_five_minutes_off_is_stale(int offsetSeconds)
    {
        using var verifier = Verifier(new ManualClock(VectorTime.AddSeconds(offsetSeconds)));
        Assert.Equal(SignatureVerdict.Stale, verifier.Verify(VectorTimestamp, VectorSignature, Body));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(-300)]
    public void Five_minutes_exactly_is_still_fresh(int offsetSeconds)
    {
        using var verifier = Verifier(new ManualClock(VectorTime.AddSeconds(offsetSeconds)));
        Assert.Equal(SignatureVerdict.Valid, verifier.Verify(VectorTimestamp, VectorSignature, Body));
    }

    [Theory]
    [InlineData(null, VectorSignature, SignatureVerdict.Missing)]
    [InlineData(VectorTimestamp, null, SignatureVerdict.Missing)]
    [InlineData("", "", SignatureVerdict.Missing)]
    [InlineData("yesterday", VectorSignature, SignatureVerdict.Malformed)]
    [InlineData("-1531420618", VectorSignature, SignatureVerdict.Malformed)]
    [InlineData(VectorTimestamp, "a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", SignatureVerdict.Mismatch)]
    public void Missing_or_malformed_headers_are_refused(string? timestamp, string? signature, SignatureVerdict expected)
    {
        using var verifier = Verifier(new ManualClock(VectorTime));
        Assert.Equal(expected, verifier.Verify(timestamp, signature, Body));
    }

    [Fact]
    public void The_same_request_twice_is_a_replay()
    {
        var clock = new ManualClock(VectorTime);
        using var verifier = Verifier(clock, new ReplayGuard(clock));
        Assert.Equal(SignatureVerdict.Valid, verifier.Verify(VectorTimestamp, VectorSignature, Body));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(SignatureVerdict.Replayed, verifier.Verify(VectorTimestamp, VectorSignature, Body));
    }

    [Fact]
    public void Forged_requests_are_not_remembered_so_they_cannot_block_the_genuine_one()
    {
        var clock = new ManualClock(VectorTime);
        var replays = new ReplayGuard(clock);
        using var verifier = Verifier(clock, replays);
        var forged = VectorSignature.Replace('a', 'b');
        Assert.Equal(SignatureVerdict.Mismatch, verifier.Verify(VectorTimestamp, forged, Body));
        Assert.Equal(0, replays.Count);
        Assert.Equal(SignatureVerdict.Valid, verifier.Verify(VectorTimestamp, VectorSignature, Body));
    }

    [Fact]
    public void The_replay_guard_forgets_signatures_once_they_would_be_stale_anyway()
    {
        var clock = new ManualClock(VectorTime);
        var replays = new ReplayGuard(clock);
        Assert.True(replays.TryRecord("v0=one", VectorTime + SlackSignatureVerifier.Tolerance));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(replays.TryRecord("v0=two", clock.UtcNow + SlackSignatureVerifier.Tolerance));
        Assert.Equal(1, replays.Count);
    }

    [Fact]
    public void The_replay_guard_is_bounded()
    {
        var clock = new ManualClock(VectorTime);
        var replays = new ReplayGuard(clock, capacity: 3);
        for (var i = 0; i < 10; i++) Assert.True(replays.TryRecord("v0=" + i, VectorTime.AddMinutes(5)));
        Assert.Equal(3, replays.Count);
        Assert.False(replays.TryRecord("v0=9", VectorTime.AddMinutes(5)));
    }

    [Fact]
    public void Fixed_time_comparison_compares_whole_arrays()
    {
        Assert.True(SlackSignatureVerifier.FixedTimeEquals(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 3 }));
        Assert.False(SlackSignatureVerifier.FixedTimeEquals(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 4 }));
        Assert.False(SlackSignatureVerifier.FixedTimeEquals(new byte[] { 1, 2, 3 }, new byte[] { 1, 2 }));
        Assert.False(SlackSignatureVerifier.FixedTimeEquals(new byte[] { 9, 2, 3 }, new byte[] { 1, 2, 3 }));
        Assert.True(SlackSignatureVerifier.FixedTimeEquals(Array.Empty<byte>(), Array.Empty<byte>()));
    }

    [Fact]
    public void An_empty_secret_is_refused_up_front()
    {
        Assert.Throws<ArgumentException>(() => new SlackSignatureVerifier(string.Empty));
    }
}
