using Omk.Gates.Scripts;

namespace Omk.GitHubAction;

/// <summary>
/// The action's entry point: masks the token, reads the options, and runs the mode. Exit codes: 0 ready (or
/// <c>fail-on: never</c>), 1 not ready or failed, 2 an input, the environment or the gates are wrong (nothing ran).
/// </summary>
public static class ActionProgram
{
    public const int Ready = 0;
    public const int NotReady = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, ActionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var commands = new WorkflowCommands(context.Output);
        if (context.Environment.Token is { } token)
        {
            commands.AddMask(token);
        }

        try
        {
            var settings = ActionSettings.Parse(args);
            return settings.Mode switch
            {
                "goal" => await new GoalMode(context, commands, settings).RunAsync(cancellationToken).ConfigureAwait(false),
                "goal-publish" => await new GoalPublishMode(context, commands, settings).RunAsync(cancellationToken).ConfigureAwait(false),
                "publish" => await new PublishMode(context, commands, settings).RunAsync(cancellationToken).ConfigureAwait(false),
                "merge" => await new MergeMode(context, commands, settings).RunAsync(cancellationToken).ConfigureAwait(false),
                _ => await new ProofMode(context, commands, settings).RunAsync(cancellationToken).ConfigureAwait(false),
            };
        }
        catch (ActionUsageException ex)
        {
            commands.Error(ex.Message, "omk: cannot run");
            return Usage;
        }
        catch (GateScriptException ex)
        {
            // Already reported where it happened; kept here so nothing escapes as a crash.
            commands.Error(ex.Message, "omk: gate scripts");
            return Usage;
        }
    }
}
