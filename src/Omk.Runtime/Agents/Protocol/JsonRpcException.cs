namespace Omk.Agents.Protocol;

/// <summary>The agent answered a request with a JSON-RPC error.</summary>
public sealed class JsonRpcException : Exception
{
    public JsonRpcException(string method, int code, string message)
        : base($"{method}: {message} (JSON-RPC error {code})")
    {
        Method = method;
        Code = code;
        ErrorMessage = message;
    }

    public JsonRpcException()
    {
        Method = string.Empty;
        ErrorMessage = string.Empty;
    }

    public JsonRpcException(string message)
        : base(message)
    {
        Method = string.Empty;
        ErrorMessage = message;
    }

    public JsonRpcException(string message, Exception inner)
        : base(message, inner)
    {
        Method = string.Empty;
        ErrorMessage = message;
    }

    public string Method { get; }

    public int Code { get; }

    public string ErrorMessage { get; }
}
