namespace Omk.Budgets;

/// <summary>A price table file that cannot be used; the message names the file and the field at fault.</summary>
public sealed class PriceTableException(string message) : Exception(message);
