namespace Omk.GitHubAction;

/// <summary>The values of the <c>comment</c> input, and what each decides.</summary>
public static class CommentMode
{
    public const string Always = "always";
    public const string OnFailure = "on-failure";
    public const string OnChange = "on-change";
    public const string Never = "never";

    /// <summary>
    /// Whether to write the comment, given the new state and the existing comment's state (null when there is none).
    /// on-failure writes when not ready, and when ready only to update an earlier comment, so that it never shows a stale failure.
    /// </summary>
    public static bool ShouldWrite(string mode, string verdict, string newState, string? existingState, bool exists) => mode switch
    {
        Always => true,
        OnFailure => verdict != Proofs.ProofStatus.Ready || exists,
        OnChange => !exists || existingState != newState,
        _ => false,
    };
}
