using Omk.Gates;
using Omk.Gates.Scripts;
using Omk.GitHubAction;

// A code gate runs in a child process: this program again, with `gates exec` (see CurrentProgramCodeGateLauncher).
if (CurrentProgramCodeGateLauncher.TryParseExec(args, out var invocation, out var result))
{
    return CodeGateHost.Run(invocation, result);
}

var environment = RunnerEnvironment.FromProcess();

// The key and path of the gate-script cache, for action.yml's actions/cache steps (before the proof runs).
if (args.Length > 0 && args[0] == GateCacheKeyCommand.Name)
{
    try
    {
        return GateCacheKeyCommand.Run(args, environment.Workspace ?? Directory.GetCurrentDirectory(), Console.Out);
    }
    catch (ActionUsageException ex)
    {
        new WorkflowCommands(Console.Out).Error(ex.Message, "omk: cannot run");
        return ActionProgram.Usage;
    }
}

// The gates run the pull request's code: they never see the token.
Environment.SetEnvironmentVariable(ActionInputs.TokenVariable, null);

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

var output = Console.Out;
return await ActionProgram.RunAsync(args, new ActionContext(environment, output), cancel.Token);
