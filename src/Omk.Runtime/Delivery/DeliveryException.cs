namespace Omk.Delivery;

/// <summary>A delivery that cannot be made (no remote, a remote that is not a GitHub repository, no token).</summary>
public sealed class DeliveryException : Exception
{
    public DeliveryException()
    {
    }

    public DeliveryException(string message)
        : base(message)
    {
    }

    public DeliveryException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
