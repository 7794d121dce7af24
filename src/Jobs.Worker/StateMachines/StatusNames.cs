using System.Linq.Expressions;
using Jobs.Contracts;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// Maps the state machine's state names (<c>Pending</c>) to the statuses on the wire and in the table
/// (<c>pending</c>), so that the database, the API and the events all read the same word.
/// </summary>
public static class StatusNames
{
    public static readonly Expression<Func<string, string>> ToStatus = state => state.ToLower();

    public static readonly Expression<Func<string, string>> ToStateName =
        status => status == JobStatuses.Pending ? nameof(JobStateMachine.Pending)
            : status == JobStatuses.Started ? nameof(JobStateMachine.Started)
            : status == JobStatuses.Success ? nameof(JobStateMachine.Success)
            : status == JobStatuses.Failed ? nameof(JobStateMachine.Failed)
            : status == JobStatuses.Cancelled ? nameof(JobStateMachine.Cancelled)
            : status;

    /// <summary>The stored state name of a pending job.</summary>
    public static readonly string PendingState = nameof(JobStateMachine.Pending);

    /// <summary>The stored state name of a started job.</summary>
    public static readonly string StartedState = nameof(JobStateMachine.Started);

    static readonly Func<string, string> ToStatusCompiled = ToStatus.Compile();
    static readonly Func<string, string> ToStateNameCompiled = ToStateName.Compile();

    /// <summary>The wire status of a state name.</summary>
    public static string Status(string stateName) => ToStatusCompiled(stateName);

    /// <summary>The state name of a wire status.</summary>
    public static string StateName(string status) => ToStateNameCompiled(status);
}
