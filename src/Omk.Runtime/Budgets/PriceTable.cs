using Omk.Agents;

namespace Omk.Budgets;

/// <summary>
/// USD per million tokens per model, with a default for models it does not name. Model names match ignoring case.
/// Read from a file by <see cref="PriceTableFile"/>; <see cref="Defaults"/> when there is none.
/// </summary>
public sealed record PriceTable(TokenPrice Default, IReadOnlyDictionary<string, TokenPrice> Models)
{
    /// <summary>The built-in table: every model at <see cref="TokenPrice.Default"/> ($2 input, $8 output, $0.50 cache reads, $2 cache writes per million).</summary>
    public static PriceTable Defaults { get; } = new(TokenPrice.Default, new Dictionary<string, TokenPrice>(StringComparer.OrdinalIgnoreCase));

    /// <summary>The price of <paramref name="model"/>, or the default when it is null or not in the table.</summary>
    public TokenPrice For(string? model) =>
        model is not null && Models.TryGetValue(model, out var price) ? price : Default;

    /// <summary>
    /// The model an agent started from this environment talks to, as far as Omk can know it: <c>KIMI_MODEL_NAME</c>
    /// (how the Kimi CLIs take a model from the environment), else null (the default price).
    /// </summary>
    public static string? ModelFromEnvironment(Func<string, string?> environment)
    {
        var name = environment("KIMI_MODEL_NAME");
        return string.IsNullOrWhiteSpace(name) ? null : name.Trim();
    }
}
