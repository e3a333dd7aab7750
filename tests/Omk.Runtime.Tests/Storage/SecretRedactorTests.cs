using Omk.Storage;

namespace Omk.Tests.Storage;

public sealed class SecretRedactorTests
{
    private const string Mask = SecretRedactor.Mask;

    // Built from parts so that secret scanners do not flag this file.
    internal static readonly string OpenAiKey = "sk-" + "proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4";
    internal static readonly string MoonshotKey = "sk-" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2";
    internal static readonly string GitHubToken = "ghp_" + "16C7e42F292c6912E7710c838347Ae178B4a";
    internal static readonly string BearerToken = "eyJhbGciOi" + "JIUzI1NiIsInR5cCI6IkpXVCJ9abc";
    internal static readonly string PemBlock =
        "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1c2d3e4f5g6h7i8j9k0\nl1m2n3o4p5q6r7s8t9u0v1w2x3y4z5\n-----END " + "RSA PRIVATE KEY-----";

    [Fact]
    public void Provider_keys_are_masked()
    {
        var redactor = SecretRedactor.Default;

        Assert.Equal($"key {Mask} in use", redactor.Redact($"key {OpenAiKey} in use"));
        Assert.Equal($"MOONSHOT {Mask}", redactor.Redact($"MOONSHOT {MoonshotKey}"));
        Assert.Equal($"cloning with {Mask}", redactor.Redact($"cloning with {GitHubToken}"));
    }

    [Theory]
    [InlineData("Authorization: Bearer ", "")]
    [InlineData("curl -H 'authorization: bearer ", "' https://api")]
    public void Bearer_credentials_are_masked(string before, string after)
    {
        var text = before + BearerToken + after;

        var redacted = SecretRedactor.Default.Redact(text);

        Assert.DoesNotContain(BearerToken, redacted, StringComparison.Ordinal);
        Assert.Contains(Mask, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api_key=abcdef123456", "abcdef123456")]
    [InlineData("export OPENAI_API_KEY=s3cr3t-value-here", "s3cr3t-value-here")]
    [InlineData("{\"password\": \"correct-horse-battery\"}", "correct-horse-battery")]
    [InlineData("password: hunter2hunter2", "hunter2hunter2")]
    [InlineData("client-secret = 0123abcdefgh", "0123abcdefgh")]
    [InlineData("--token=abcdef0123456789", "abcdef0123456789")]
    public void Secret_assignments_keep_the_name_and_mask_the_value(string text, string secret)
    {
        var redacted = SecretRedactor.Default.Redact(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(Mask, redacted, StringComparison.Ordinal);
        Assert.Equal(text[..text.IndexOf(secret, StringComparison.Ordinal)] + Mask, redacted[..(text.IndexOf(secret, StringComparison.Ordinal) + Mask.Length)]);
    }

    [Fact]
    public void Pem_private_key_blocks_are_masked_whole()
    {
        var redacted = SecretRedactor.Default.Redact("key file:\n" + PemBlock + "\nend of output");

        Assert.Equal($"key file:\n{Mask}\nend of output", redacted);
    }

    [Fact]
    public void Declared_secret_values_are_masked_wherever_they_appear()
    {
        var redactor = new SecretRedactor(["hunter2-secret", "abc"]);

        Assert.Equal($"login with {Mask} ok", redactor.Redact("login with hunter2-secret ok"));
        Assert.Equal($"{Mask}/{Mask}", redactor.Redact("hunter2-secret/hunter2-secret"));
        Assert.Equal(["hunter2-secret"], redactor.DeclaredValues); // shorter than 4 characters is not a secret
        Assert.Equal("abc abc abc", redactor.Redact("abc abc abc"));
    }

    [Fact]
    public void Short_declared_values_are_masked_even_in_short_text()
    {
        var redactor = new SecretRedactor(["pw42"]);

        Assert.Equal(Mask, redactor.Redact("pw42"));
        Assert.Equal($"={Mask}", redactor.Redact("=pw42"));
    }

    [Fact]
    public void Longer_declared_values_win_over_their_prefixes()
    {
        var redactor = new SecretRedactor(["hunter2", "hunter2-secret"]);

        Assert.Equal($"x {Mask} y", redactor.Redact("x hunter2-secret y"));
    }

    [Fact]
    public void With_values_adds_declared_secrets()
    {
        var redactor = SecretRedactor.Default.WithValues(["my-run-secret"]);

        Assert.Equal($"echo {Mask}", redactor.Redact("echo my-run-secret"));
        Assert.Empty(SecretRedactor.Default.DeclaredValues);
    }

    // The cheap checks that decide whether a pattern is tried at all (so most text never touches the regexes) let every shape through.
    [Theory]
    [InlineData("gho_", "abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("ghs_", "abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("github_pat_", "11ABCDEFG0123456789_abcdefghijklmnop")]
    [InlineData("glpat-", "abcdefghij0123456789xyz")]
    [InlineData("AKIA", "ABCDEFGHIJ012345")]
    [InlineData("xoxb-", "0123456789-abcdefgh")]
    [InlineData("rk-", "live_0123456789abcdefgh")]
    public void Every_token_shape_is_still_masked(string prefix, string rest)
    {
        Assert.Equal($"using {Mask} now", SecretRedactor.Default.Redact($"using {prefix}{rest} now"));
    }

    [Theory]
    [InlineData("API_KEY=abcdef123456")]
    [InlineData("Credentials: abcdef123456")]
    [InlineData("x-auth-TOKEN%3Dabcdef123456")]
    [InlineData("PassWord = abcdef123456")]
    [InlineData("api_\u212Aey=abcdef123456")] // KELVIN SIGN: the regex matches it as 'k' ignoring case
    public void Assignments_are_masked_whatever_the_case_of_their_name(string text)
    {
        var redacted = SecretRedactor.Default.Redact(text);
        Assert.EndsWith(Mask, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdef123456", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_password_is_masked_and_a_url_without_one_is_left_alone()
    {
        Assert.Equal($"https://user:{Mask}@example.com/x", SecretRedactor.Default.Redact("https://user:hunter2hunter2@example.com/x"));
        Assert.Equal("https://example.com:8080/a-b_c", SecretRedactor.Default.Redact("https://example.com:8080/a-b_c"));
    }

    [Theory]
    [InlineData("/home/dev/src/omk/src/Omk.Runtime/Events/EventWriter.cs")]
    [InlineData("C:\\Users\\dev\\source\\repos\\omk\\tokens\\TokenBudget.cs")]
    [InlineData("commit 3f2a9c1e4b5d6f708192a3b4c5d6e7f8091a2b3c on main")]
    [InlineData("0b0f8a52-3c1e-4d6a-9f7e-1a2b3c4d5e01")]
    [InlineData("tokens: 1234")]
    [InlineData("used 125000 tokens of 200000 (62%)")]
    [InlineData("the secret to good tests is determinism")]
    [InlineData("password reset flow covered by tests")]
    [InlineData("dotnet test --nologo -warnaserror")]
    [InlineData("task-17 skipped: sk-short")]
    [InlineData("ask-the-user-for-approval-before-running")]
    [InlineData("Bearer")]
    [InlineData("")]
    public void Ordinary_text_is_untouched(string text)
    {
        Assert.Equal(text, SecretRedactor.Default.Redact(text));
    }

    [Theory]
    [InlineData("password", true)]
    [InlineData("PASSWORD", true)]
    [InlineData("db_passwd", true)]
    [InlineData("api_key", true)]
    [InlineData("OPENAI_API_KEY", true)]
    [InlineData("apiKey", true)]
    [InlineData("x-api-key", true)]
    [InlineData("client_secret", true)]
    [InlineData("secrets", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("access_token", true)]
    [InlineData("credentials", true)]
    [InlineData("tokens", false)]
    [InlineData("used_tokens", false)]
    [InlineData("max_tokens", false)]
    [InlineData("secret_scan", false)]
    [InlineData("token_count", false)]
    [InlineData("keyboard", false)]
    [InlineData("monkey", false)]
    [InlineData("my token", false)]
    [InlineData("message", false)]
    [InlineData("", false)]
    public void Secret_field_names(string name, bool secret)
    {
        Assert.Equal(secret, SecretRedactor.IsSecretName(name));
        Assert.Equal(secret ? Mask : "some value", SecretRedactor.Default.Redact(name, "some value"));
    }

    [Fact]
    public void Bearer_keeps_its_scheme_word()
    {
        Assert.Equal($"Authorization: Bearer {Mask}", SecretRedactor.Default.Redact("Authorization: Bearer " + BearerToken));
    }
}
