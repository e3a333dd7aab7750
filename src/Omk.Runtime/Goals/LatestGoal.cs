using Omk.Runs;

namespace Omk.Goals;

/// <summary>The latest goal of a state dir (<c>runs/latest-goal</c>), so <c>omk goal … [ID]</c> defaults to it.</summary>
public static class LatestGoal
{
    public const string FileName = "latest-goal";

    public static void Point(RunStore store, RunDirectory run) =>
        Storage.AtomicFile.WriteAllText(Path.Combine(store.RunsDirectory, FileName), run.RunId.Value + "\n", durable: false);

    /// <summary>The goal named by <paramref name="id"/> (default: the latest), or null.</summary>
    public static RunDirectory? Find(RunStore store, string? id)
    {
        if (id is not null && id != "latest")
        {
            var found = store.Find(id);
            return found is not null && IsGoal(found) ? found : null;
        }

        var pointer = Path.Combine(store.RunsDirectory, FileName);
        if (File.Exists(pointer) && store.Find(File.ReadAllText(pointer).Trim()) is { } latest && IsGoal(latest))
        {
            return latest;
        }

        return List(store).LastOrDefault();
    }

    /// <summary>Every goal of the state dir, oldest first.</summary>
    public static IReadOnlyList<RunDirectory> List(RunStore store) =>
        store.List().Select(r => new RunDirectory(new Omk.Events.RunId(r.RunId), r.Path)).Where(IsGoal).ToList();

    public static bool IsGoal(RunDirectory run)
    {
        var first = Omk.Events.EventReader.Read(run.EventsPath).FirstOrDefault();
        return first is not null && first.Kind == Omk.Events.EventKind.RunStarted && first.PayloadString("mode") == "goal";
    }
}
