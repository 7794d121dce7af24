using Jobs.Contracts;
using MassTransit;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// One job, as the saga records it (the <c>jobs</c> table). Only <see cref="JobStateMachine"/> writes it; the
/// runner reads the head of the line from it, and the API has a read model of its own over the same table.
/// </summary>
public class JobState : SagaStateMachineInstance
{
    /// <summary>The job id.</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>The state machine's state name (<c>Pending</c>, <c>Started</c>, …); stored as the status.</summary>
    public string CurrentState { get; set; } = "";

    /// <summary>Place in line: strictly increasing in the order submissions commit.</summary>
    public long Sequence { get; set; }

    public string JobType { get; set; } = "";

    /// <summary>The store whose line the job waits in.</summary>
    public string StoreId { get; set; } = "";

    public string RequestId { get; set; } = "";

    /// <summary>The parameters as submitted (see <see cref="Jobs.Contracts.JobTypes.Definitions"/>).</summary>
    public Dictionary<string, string> Parameters { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    /// <summary>How many times the job has been started; 0 while it never was.</summary>
    public int Attempt { get; set; }

    /// <summary>The run that holds the job while it is started; guards against a second runner.</summary>
    public Guid? RunId { get; set; }

    /// <summary>While started: when the job counts as abandoned unless its runner renews the lease.</summary>
    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>
    /// The queue the job's run was sent to when its type is handled in another service (<c>Jobs:Handlers:&lt;type&gt;:Queue</c>);
    /// null for a run in the worker's own process, and while the job is pending.
    /// </summary>
    public string? HandlerQueue { get; set; }

    /// <summary>A remote run's latest heartbeat; null until its handler has picked the job up.</summary>
    public DateTime? HeartbeatAt { get; set; }

    /// <summary>How far the run has got, as its handler last said (the API's <c>meta.progress</c>).</summary>
    public JobProgress? Progress { get; set; }

    /// <summary>The hierarchy the job created, for a type that reports one (<c>hierarchy_id</c>).</summary>
    public Guid? HierarchyId { get; set; }

    /// <summary>Where the job's output files are, for a type that reports them (<c>file_locations</c>).</summary>
    public List<string>? FileLocations { get; set; }

    public List<JobError> Errors { get; set; } = [];

    /// <summary>
    /// The W3C <c>traceparent</c> of the submission that created the job, so that the wait in line, the run and the
    /// outcome join the submitter's trace however long the job waits; null when the submission carried no trace.
    /// </summary>
    public string? TraceParent { get; set; }
}
