using Omk.Storage;

namespace Omk.Tests.Storage;

/// <summary>
/// Every secret shape Omk hides, one row each (the list in docs/proof.md): the secret must be gone and the text around it kept.
/// Values are built from parts so that secret scanners do not flag this file.
/// </summary>
public sealed class SecretShapeTests
{
    public static TheoryData<string, string, string> Shapes => new()
    {
        { "URL credentials", "git clone https://deploy:" + "s3cr3tPassw0rd" + "@git.example.com/repo.git", "s3cr3tPassw0rd" },
        { "URL credentials, other scheme", "postgres://app:" + "hunter2hunter2" + "@db:5432/app", "hunter2hunter2" },
        { "Authorization: Basic", "Authorization: Basic " + "ZGVwbG95OnMzY3IzdA==", "ZGVwbG95OnMzY3IzdA==" },
        { "authorization header in curl", "curl -H 'authorization: basic " + "dXNlcjpzZWNyZXQxMjM=" + "' https://x", "dXNlcjpzZWNyZXQxMjM=" },
        { "URL-encoded token", "GET /cb?access_token%3D" + "abcd1234efgh5678" + "&x=1", "abcd1234efgh5678" },
        { "URL-encoded JSON token", "%22token%22%3A%22" + "qwerty123456zz" + "%22", "qwerty123456zz" },
        { "GitLab personal access token", "using glpat-" + "xYz12345678901234567AB" + " now", "xYz12345678901234567AB" },
        { "*_CREDENTIALS assignment", "AWS_CREDENTIALS=" + "AbCdEf123456xyz", "AbCdEf123456xyz" },
        { "OpenAI-style key", "key sk-" + "proj-A1b2C3d4E5f6G7h8I9j0", "A1b2C3d4E5f6G7h8I9j0" },
        { "GitHub token", "ghp_" + "16C7e42F292c6912E7710c838347Ae178B4a", "16C7e42F292c6912E7710c838347Ae178B4a" },
        { "password assignment", "password: " + "correct-horse-battery", "correct-horse-battery" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_shape_is_redacted(string shape, string text, string secret)
    {
        var redacted = SecretRedactor.Default.Redact(text);
        Assert.False(redacted.Contains(secret, StringComparison.Ordinal), $"{shape}: {redacted}");
        Assert.Contains(SecretRedactor.Mask, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Variables_named_credentials_are_secret_values()
    {
        var environment = new Dictionary<string, string> { ["GOOGLE_APPLICATION_CREDENTIALS"] = "/secret/key.json", ["PLAIN"] = "/not/secret/x" };
        Assert.Equal(["GOOGLE_APPLICATION_CREDENTIALS"], SecretRedactor.SecretVariableNames(environment));
    }

    [Theory]
    [InlineData("https://github.com/omk/omk.git")]
    [InlineData("basic settings were applied")]
    [InlineData("user@example.com wrote: ok")]
    public void Ordinary_text_is_kept(string text) => Assert.Equal(text, SecretRedactor.Default.Redact(text));
}
