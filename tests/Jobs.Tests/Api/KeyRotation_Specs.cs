using System.Net;
using Jobs.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Jobs.Tests.Api;

/// <summary>
/// Signing keys rotate: a new key is put first (it signs from then on) while the old one stays second (tokens it signed
/// still verify until they expire); once the old key is removed, its tokens are refused.
/// </summary>
public sealed class KeyRotation_Specs
{
    static Dictionary<string, string?> Keys(params string[] keys) =>
        keys.Select((key, i) => KeyValuePair.Create($"Jobs:Auth:SigningKeys:{i}", (string?)key)).ToDictionary();

    [Fact]
    public async Task A_new_first_key_signs_the_old_one_still_verifies_and_a_key_taken_out_verifies_nothing()
    {
        string oldToken;
        await using (var before = new JobsApiFactory(Keys(TestAuth.SigningKey)))
            oldToken = await new ApiDriver(before).TokenAsync();

        string newToken;
        await using (var rotating = new JobsApiFactory(Keys(TestAuth.OtherKey, TestAuth.SigningKey)))
        {
            var api = new ApiDriver(rotating).As(null);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/pcm/jobs", Bearer(oldToken))).Status);
            newToken = await new ApiDriver(rotating).TokenAsync();
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/pcm/jobs", Bearer(newToken))).Status);
        }

        await using var after = new JobsApiFactory(Keys(TestAuth.OtherKey));
        var anonymous = new ApiDriver(after).As(null);
        (await anonymous.GetAsync("/pcm/jobs", Bearer(oldToken))).Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/pcm/jobs", Bearer(newToken))).Status);
        // Each token names the key that signed it.
        Assert.NotEqual(new JsonWebToken(oldToken).Kid, new JsonWebToken(newToken).Kid);
    }

    static (string, string) Bearer(string token) => ("Authorization", $"Bearer {token}");
}
