namespace Omk.Agents;

/// <summary>What the agent said about itself at the handshake.</summary>
public sealed record AgentInfo(string Protocol, string? Name, string? Version, string? ProtocolVersion);
