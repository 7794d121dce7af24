namespace Jobs.Contracts;

/// <summary>
/// The bounds on what a job may carry. The database's columns are sized from these, and every command is
/// checked against them before anything is stored (<see cref="SubmitJobRules"/>), so no value ever reaches a
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
}
