using Omk.Agents;
using Omk.Agents.Approvals;
using Omk.Agents.Protocol;
using Omk.Events;
using Omk.Storage;
using Omk.Teams;

namespace Omk.Goals;

/// <summary>
/// One read-only agent turn of the controller (the planner, the reviewer): a session of the goal's agent in a given
/// directory under the <c>safe</c> policy (read-only tools allowed, anything else rejected, nobody asked), its
/// transcript in <c>agents/&lt;name&gt;/transcript.jsonl</c> of the goal and its token usage in the goal's log.
/// </summary>
public sealed class GoalAgentTurn(Func<string, AgentLaunch> launcher, TimeProvider time)
{
    public async Task<AgentTurn> RunAsync(
        string name, string workingDirectory, string prompt, string goalDirectory, IEventSink log, EventFactory factory, CancellationToken cancellationToken)
    {
        var redactor = SecretRedactor.FromEnvironment();
        using var transcript = new AgentTranscript(Path.Combine(goalDirectory, "agents", name, "transcript.jsonl"), redactor, time);
        var approvals = new ApprovalGate(ApprovalPolicy.Safe, new NoHumanChannel(), TimeSpan.FromSeconds(1), log, factory, name);
        var recorder = new AgentEvidenceRecorder(log, factory, name, name, workingDirectory, TokenPrice.Default);
        var launch = launcher(workingDirectory);
        var session = launch.CreateSession(new AgentSessionOptions(launch.Command, approvals, transcript)
        {
            OnUpdate = update => recorder.Observe(update),
            Time = time,
        });
        await using (session.ConfigureAwait(false))
        {
            AgentTurn turn;
            try
            {
                await session.StartAsync(cancellationToken).ConfigureAwait(false);
                turn = await session.PromptAsync(prompt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AgentStartException or AgentExitedException or JsonRpcException)
            {
                turn = new AgentTurn("crashed", string.Empty, recorder.Usage, [], TimeSpan.Zero, ex.Message);
            }
            finally
            {
                await session.StopAsync().ConfigureAwait(false);
            }

            await recorder.TurnEndedAsync(turn).ConfigureAwait(false);
            return turn;
        }
    }
}
