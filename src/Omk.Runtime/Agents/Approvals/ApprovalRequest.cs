namespace Omk.Agents.Approvals;

/// <summary>An agent asks to use a tool: which tool, what it wants to do, and the ids to answer with.</summary>
public sealed record ApprovalRequest(string RequestId, string Tool, string? Action, string? Description, string? ToolCallId);
