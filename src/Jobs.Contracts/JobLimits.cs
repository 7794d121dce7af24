namespace Jobs.Contracts;

/// <summary>
/// The bounds on what a job may carry. The database's columns are sized from these, and every command is
/// checked against them before anything is stored (<see cref="SubmitJobRules"/>, <see cref="JobReportRules"/>), so no value ever reaches a
/// column it does not fit.
/// </summary>
public static class JobLimits
{
    /// <summary>The longest store id.</summary>
    public const int MaxStoreIdLength = 64;

    /// <summary>The longest request id (<c>x_request_id</c>).</summary>
    public const int MaxRequestIdLength = 256;

    /// <summary>The longest job type name.</summary>
    public const int MaxJobTypeLength = 32;

    /// <summary>The most parameters one job may have, declared and further options together.</summary>
    public const int MaxParameters = 32;

    /// <summary>The longest parameter name.</summary>
    public const int MaxParameterNameLength = 64;

    /// <summary>The longest parameter value, unless the parameter's definition says less.</summary>
    public const int MaxParameterValueLength = 2048;

    /// <summary>The most errors one run may report.</summary>
    public const int MaxReportedErrors = 100;

    /// <summary>The longest error message a run may report.</summary>
    public const int MaxErrorMessageLength = 4096;

    /// <summary>The most file locations one run may report.</summary>
    public const int MaxFileLocations = 100;

    /// <summary>The longest file location a run may report.</summary>
    public const int MaxFileLocationLength = 2048;

    /// <summary>The longest queue name a job type's handler may be configured with (RabbitMQ's limit).</summary>
    public const int MaxHandlerQueueLength = 255;

    /// <summary>
    /// The longest W3C <c>traceparent</c> kept with a job or an outbox message: version 00's is exactly 55 characters; a
    /// longer one (a later version) is not kept, and the job simply starts a trace of its own.
    /// </summary>
    public const int MaxTraceParentLength = 55;

    /// <summary>The longest progress message (<see cref="JobProgress.Message"/>).</summary>
    public const int MaxProgressMessageLength = 256;
}
