namespace Jobs.Worker.SagaRepository;

/// <summary>
/// Work that must wait until the saga's transaction has committed, such as announcing what changed: the
/// repository runs it right after the commit and drops it on a rollback. One per message scope.
/// </summary>
public sealed class AfterCommit
{
    readonly List<Func<Task>> _actions = [];

    public void Add(Func<Task> action) => _actions.Add(action);

    internal void Clear() => _actions.Clear();

    internal async Task RunAsync()
    {
        var actions = _actions.ToArray();
        _actions.Clear();
        foreach (var action in actions)
            await action();
    }
}
