using System.Collections.Concurrent;
using Omk.Workspaces;

namespace Omk.Teams;

/// <summary>
/// Prepares the worktrees of tasks without dependencies ahead of their turn, one at a time, while agents work: a
/// worker that takes such a task finds its worktree ready instead of waiting for git. At most <c>depth</c> prepared
/// worktrees wait to be taken (one per worker is enough to hide git from the next wave). Worktrees prepared for tasks that
/// never ran (a cancelled run) are removed at the end when clean; their branches, still at the base commit, stay.
/// </summary>
public sealed class WorktreePrefetch(WorktreePool pool, string runId, string baseCommit, IReadOnlyList<string> taskIds, int depth)
{
    private readonly ConcurrentDictionary<string, Task<TaskWorkspace>> _prepared = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _taken = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private Task _current = Task.CompletedTask;

    /// <summary>The worktree of a task's first attempt: prepared, or made now.</summary>
    public Task<TaskWorkspace> TakeAsync(string taskId, CancellationToken cancellationToken)
    {
        _taken[taskId] = true;
        return _prepared.TryRemove(taskId, out var prepared)
            ? prepared
            : pool.CreateAsync(runId, taskId, baseCommit, [], null, cancellationToken);
    }

    /// <summary>Starts preparing the next tasks' worktrees, one after the other, unless that is going on already.</summary>
    public void PrepareNext()
    {
        lock (_lock)
        {
            if (_current.IsCompleted)
            {
                _current = Task.Run(PrepareAsync);
            }
        }
    }

    private async Task PrepareAsync()
    {
        while (_prepared.Count < depth && taskIds.FirstOrDefault(id => !_taken.ContainsKey(id) && !_prepared.ContainsKey(id)) is { } next)
        {
            var work = pool.CreateAsync(runId, next, baseCommit, [], null, CancellationToken.None);
            _prepared[next] = work;
            try
            {
                await work.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Git.GitException or IOException)
            {
                // The task's worker makes it (or reports why it cannot) when the task's turn comes.
                _prepared.TryRemove(next, out _);
            }
        }
    }

    /// <summary>Removes the clean worktrees prepared for tasks that never took them.</summary>
    public async Task DrainAsync()
    {
        await _current.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        foreach (var (_, prepared) in _prepared)
        {
            if (prepared.IsCompletedSuccessfully)
            {
                var workspace = prepared.Result;
                await pool.RemoveIfCleanAsync(workspace.Path, workspace.Branch, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
