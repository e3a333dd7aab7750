using Omk.Events;
using Omk.Gates;
using Omk.Processes;
using Omk.Runs;
using Omk.Testing;

namespace Omk.Tests.Gates;

/// <summary>Runs a gate set for real into a temp run directory and reads back the log.</summary>
internal sealed class GateRunHarness : IDisposable
{
    private readonly TempDirectory _dir = new("omk-gates");

    public string Repo => _dir.Path;

    public RunDirectory Run { get; private set; } = null!;

    public async Task<(IReadOnlyList<GateOutcome> Outcomes, IReadOnlyList<Event> Events)> RunAsync(
        GateSet set, int parallelism = 1, CancellationToken cancellationToken = default)
    {
        Run = new RunStore(_dir.Combine(".omk")).Create(TimeProvider.System);
        IReadOnlyList<GateOutcome> outcomes;
        await using (var writer = EventWriter.Open(Path.Combine(Run.Path, EventSchema.FileName)))
        {
            var context = new GateRunContext(Repo, Run, writer, new EventFactory(Run.RunId, TimeProvider.System));
            outcomes = await new GateRunner(new ProcessRunner(TimeProvider.System))
                .RunAsync(set, context, new GateRunOptions { Parallelism = parallelism }, cancellationToken);
        }

        return (outcomes, EventReader.ReadAll(Run.EventsPath).Events);
    }

    public static GateDefinition Shell(string name, string script, params string[] dependsOn) =>
        new() { Name = name, Command = ProcessCommand.Shell(script), DependsOn = dependsOn };

    public void Dispose() => _dir.Dispose();
}
